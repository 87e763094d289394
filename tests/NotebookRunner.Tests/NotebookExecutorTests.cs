namespace NotebookRunner.Tests;

[Collection(KernelCollection.Name)]
public sealed class NotebookExecutorTests
{
    private static readonly NotebookRunOptions _options = new()
    {
        CellTimeout = TimeSpan.FromSeconds(120),
        RepositoryRoot = TestRepository.Root,
    };

    [Fact]
    public async Task NotebookExecutor_SucceedingNotebook_PassesWithStreamDisplayAndReturnValue()
    {
        var notebook = TestRepository.CopyFixture("succeed.ipynb");
        var sourceBefore = await File.ReadAllBytesAsync(notebook);

        var result = await new NotebookExecutor(_options).RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        Assert.Equal(sourceBefore, await File.ReadAllBytesAsync(notebook));
        Assert.NotNull(result.KernelStartDuration);
        var cells = result.ExecutedNotebook.Cells;
        Assert.Equal([1, 2, 3], cells.Where(cell => cell.IsCode).Select(cell => cell.Node["execution_count"]!.GetValue<int>()));

        var stream = Assert.Single(cells[1].Node["outputs"]!.AsArray())!;
        Assert.Equal("stream", stream["output_type"]!.GetValue<string>());
        Assert.Equal("stdout", stream["name"]!.GetValue<string>());
        Assert.Equal("hello from stdout\n", stream["text"]!.GetValue<string>());

        var display = Assert.Single(cells[2].Node["outputs"]!.AsArray())!;
        Assert.Equal("display_data", display["output_type"]!.GetValue<string>());
        Assert.Equal("displayed value", display["data"]!["text/plain"]!.GetValue<string>());

        var returned = Assert.Single(cells[4].Node["outputs"]!.AsArray())!;
        Assert.Equal("execute_result", returned["output_type"]!.GetValue<string>());
        Assert.Contains("42", returned["data"]!.ToJsonString(), StringComparison.Ordinal);
        // The metadata carries the cell's own measured duration (">= 0" could not fail): whole milliseconds of it.
        var durationMs = cells[4].Run!["duration_ms"]!.GetValue<long>();
        Assert.Equal(result.Cells[4].Duration.Ticks / TimeSpan.TicksPerMillisecond, durationMs);
        Assert.Equal("unknown metadata the runner must keep", result.ExecutedNotebook.Metadata["fixture_note"]!.GetValue<string>());
        Assert.Empty(KernelProcesses.LiveWithCommandLineContaining(Path.GetDirectoryName(notebook)!));
    }

    [Fact]
    public async Task NotebookExecutor_ThrowingCell_FailsAtThatCellAndStopsThere()
    {
        var notebook = TestRepository.CopyFixture("fail.ipynb");

        var result = await new NotebookExecutor(_options).RunAsync(notebook, CancellationToken.None);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        var failed = Assert.IsType<CellRunResult>(result.FailedCell);
        Assert.Equal(3, failed.Number);
        Assert.Equal("// this cell throws", failed.FirstLine);
        Assert.Contains("boom", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(
            [CellStatus.NotCode, CellStatus.Passed, CellStatus.Failed, CellStatus.NotRun],
            result.Cells.Select(cell => cell.Status));

        var error = Assert.Single(result.ExecutedNotebook.Cells[2].Node["outputs"]!.AsArray())!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("boom", error["evalue"]!.GetValue<string>());
        Assert.Null(result.ExecutedNotebook.Cells[3].Node["execution_count"]);

        var description = result.DescribeFailure();
        Assert.Contains("fail.ipynb", description, StringComparison.Ordinal);
        Assert.Contains("cell 3 (1-based", description, StringComparison.Ordinal);
        Assert.Contains("// this cell throws", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotebookExecutor_RaisesExceptionCellThatThrows_PassesAndRunsOn()
    {
        var notebook = TestRepository.CopyFixture("exercise.ipynb");

        var result = await new NotebookExecutor(_options).RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        Assert.Equal(
            [CellStatus.NotCode, CellStatus.Passed, CellStatus.FailedAsExpected, CellStatus.Passed],
            result.Cells.Select(cell => cell.Status));
        var error = Assert.Single(result.ExecutedNotebook.Cells[2].Node["outputs"]!.AsArray())!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Contains("Not yet", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed_as_expected", result.ExecutedNotebook.Cells[2].Run!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotebookExecutor_ImportedSolutionsScriptThatThrows_FailsAtThatCellWithItsOutput()
    {
        var notebook = TestRepository.CopyFixture("import-throws.ipynb");
        var solutions = Path.Combine(Path.GetDirectoryName(notebook)!, "solutions");
        Directory.CreateDirectory(solutions);
        File.Copy(TestRepository.Fixture(Path.Combine("solutions", "import-throws.csx")), Path.Combine(solutions, "import-throws.csx"));

        var result = await new NotebookExecutor(_options).RunAsync(notebook, CancellationToken.None);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        var failed = Assert.IsType<CellRunResult>(result.FailedCell);
        Assert.Equal(2, failed.Number);
        Assert.Contains("solution check failed", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("answer 42", result.ExecutedNotebook.Cells[1].Node["outputs"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(CellStatus.NotRun, result.Cells[2].Status);
    }

    [Fact]
    public async Task NotebookExecutor_RaisesExceptionCellThatPasses_FailsBecauseTheCheckCannotFail()
    {
        var notebook = TestRepository.CopyFixture("exercise-vacuous.ipynb");

        var result = await new NotebookExecutor(_options).RunAsync(notebook, CancellationToken.None);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        var failed = Assert.IsType<CellRunResult>(result.FailedCell);
        Assert.Equal(3, failed.Number);
        Assert.Contains("raises-exception but did not throw", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(CellStatus.NotRun, result.Cells[3].Status);
    }

    [Fact]
    public async Task NotebookExecutor_CellIgnoringCancel_TimesOutAndKillsTheKernel()
    {
        var notebook = TestRepository.CopyFixture("hang.ipynb");
        var executor = new NotebookExecutor(_options with { CellTimeout = TimeSpan.FromSeconds(15), CancelGracePeriod = TimeSpan.FromSeconds(3) });

        var result = await executor.RunAsync(notebook, CancellationToken.None);

        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        var timedOut = Assert.IsType<CellRunResult>(result.FailedCell);
        Assert.Equal(2, timedOut.Number);
        Assert.Equal(CellStatus.TimedOut, timedOut.Status);
        Assert.Equal("cell 2 did not finish within 15 s; Cancel was sent and ignored; the kernel was killed.", timedOut.ErrorMessage);
        Assert.Equal(CellStatus.NotRun, result.Cells[2].Status);
        Assert.Equal("timed out at cell 2", result.Summary);

        Assert.NotNull(executor.LastKernelProcessId);
        Assert.Empty(KernelProcesses.LiveWithCommandLineContaining(Path.GetDirectoryName(notebook)!));
    }

    [Fact]
    public async Task NotebookExecutor_CellHonouringCancel_TimesOutWithoutKillingTheKernel()
    {
        var notebook = TestRepository.CopyFixture("slow.ipynb");
        var executor = new NotebookExecutor(_options with { CellTimeout = TimeSpan.FromSeconds(15), CancelGracePeriod = TimeSpan.FromSeconds(30) });

        var result = await executor.RunAsync(notebook, CancellationToken.None);

        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        var timedOut = Assert.IsType<CellRunResult>(result.FailedCell);
        Assert.Equal(1, timedOut.Number);
        Assert.Equal("cell 1 did not finish within 15 s; Cancel was sent and the cell stopped.", timedOut.ErrorMessage);
        Assert.Equal(CellStatus.NotRun, result.Cells[1].Status);
        Assert.Empty(KernelProcesses.LiveWithCommandLineContaining(Path.GetDirectoryName(notebook)!));
    }

    [Fact]
    public async Task NotebookExecutor_RunCancelled_ThrowsAndLeavesNoKernel()
    {
        var notebook = TestRepository.CopyFixture("hang.ipynb");
        using var cancellation = new CancellationTokenSource();
        var executor = new NotebookExecutor(_options, new CancelWhenCellFinishes(cancellation));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.RunAsync(notebook, cancellation.Token));

        Assert.Empty(KernelProcesses.LiveWithCommandLineContaining(Path.GetDirectoryName(notebook)!));
    }

    /// <summary>Cancels the run once the first cell is done, i.e. while the spinning cell runs.</summary>
    private sealed class CancelWhenCellFinishes(CancellationTokenSource cancellation) : INotebookRunObserver
    {
        public void CellFinished(string notebookName, CellRunResult cell, int cellCount) => cancellation.CancelAfter(TimeSpan.FromSeconds(1));
    }
}
