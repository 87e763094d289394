namespace NotebookRunner.Tests;

/// <summary>Runs, in the real kernel, cells that reassign a variable or redefine a method after a delegate was taken (issue #10).</summary>
[Collection(KernelCollection.Name)]
public sealed class PoolRedefinitionTests
{
    private const string Placeholder = "HELPERS_LIBRARY";

    [SkippableFact]
    public async Task NotebookExecutor_PoolFunctionsRedefinedAcrossCells_RunWhatTheKernelRuns()
    {
        Skip.IfNot(File.Exists(TestRepository.HelpersLibrary), $"{TestRepository.HelpersLibrary} is missing: build helpers/ConcurrencyNotebooks first.");
        var notebook = TestRepository.CopyFixture("pool-redefinitions.ipynb");
        var escaped = System.Text.Json.JsonSerializer.Serialize(TestRepository.HelpersLibrary)[1..^1];
        await File.WriteAllTextAsync(notebook, (await File.ReadAllTextAsync(notebook)).Replace(Placeholder, escaped, StringComparison.Ordinal));

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(180), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        Assert.All(result.Cells.Where(cell => cell.Status != CellStatus.NotCode), cell => Assert.Equal(CellStatus.Passed, cell.Status));
        var refusal = Assert.Single(result.ExecutedNotebook.Cells[^1].Node["outputs"]!.AsArray())!;
        Assert.Contains("'copy'", refusal["data"]!["text/plain"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
