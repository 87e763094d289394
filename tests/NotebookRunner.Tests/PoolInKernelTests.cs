using System.Text.Json;

namespace NotebookRunner.Tests;

/// <summary>The process pool in the real kernel, as a learner uses it: cells re-run, functions misbehave, the next call works.</summary>
[Collection(KernelCollection.Name)]
public sealed class PoolInKernelTests
{
    private const string CountWorkers = """
        int Workers() => Directory.GetDirectories("/proc").Count(d =>
            int.TryParse(Path.GetFileName(d), out var pid) && File.Exists($"/proc/{pid}/cmdline")
            && File.ReadAllText($"/proc/{pid}/cmdline").Contains("ConcurrencyNotebooks.Worker.dll")
            && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1] == Environment.ProcessId.ToString());
        """;

    /// <summary>Waits with the tests' own poll helper, which the first cell references from this assembly.</summary>
    private const string WaitForTwoWorkers = """
        ConcurrencyNotebooks.Testing.Poll.Until(() => Workers() == 2, "2 worker processes after re-running the pool's cell",
            seen: () => $"{Workers()} worker processes.");
        """;

    private const string RawStdout = """
        int Loud(int n)
        {
            using var raw = Console.OpenStandardOutput();
            raw.Write(System.Text.Encoding.ASCII.GetBytes("\u0005\0\0\0\u000bnot a frame\n"));
            return n * 10;
        }

        var loud = pool.Map(Loud, new[] { 1, 2, 3 });
        if (!loud.SequenceEqual(new[] { 10, 20, 30 })) throw new Exception("raw stdout broke the results: " + string.Join(",", loud));
        """;

    private const string ThrowsThenWorks = """
        try { pool.Map(n => 10 / (n - n), new[] { 1 }); throw new Exception("no error"); }
        catch (RemoteTaskException e) when (e.RemoteType == "System.DivideByZeroException") { }
        if (pool.Map(n => n + 1, new[] { 41 })[0] != 42) throw new Exception("the pool did not recover");
        """;

    [Fact]
    public async Task ProcessPool_InTheKernel_LeavesOnlyTheLivePoolsWorkersAndHandlesRawStdoutAndThrows()
    {
        var notebook = WriteNotebook(
            $"#r \"{TestRepository.HelpersLibrary}\"\n#r \"{typeof(Poll).Assembly.Location}\"\nusing System.IO;\nusing ConcurrencyNotebooks.Processes;\n{CountWorkers}",
            "var pool = new ProcessPool(2);",
            "var pool = new ProcessPool(2);",
            WaitForTwoWorkers,
            RawStdout,
            ThrowsThenWorks);

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(120), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
    }

    [Fact]
    public async Task NotebookSetup_InTheKernel_StartsTheShippingCompilersWarmUpBeforeAnyPool()
    {
        var notebook = WriteNotebook(
            $"#r \"{TestRepository.HelpersLibrary}\"\nConcurrencyNotebooks.Notebook.Setup();",
            """
            var compiler = typeof(ConcurrencyNotebooks.Processes.ProcessPool).Assembly.GetType("ConcurrencyNotebooks.Shipping.ShippingCompiler")!;
            if (!(bool)compiler.GetProperty("WarmUpStarted")!.GetValue(null)!) throw new Exception("setup did not start the warm-up");
            """);

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(120), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
    }

    /// <summary>Writes a notebook of code cells that references the built helpers by absolute path (generated at test time only).</summary>
    private static string WriteNotebook(params string[] cells)
    {
        var path = Path.Combine(TestRepository.NewTempFolder("pool"), "pool.ipynb");
        var document = new
        {
            cells = cells.Select(source => new { cell_type = "code", execution_count = (int?)null, metadata = new { }, outputs = Array.Empty<object>(), source }),
            metadata = new { },
            nbformat = 4,
            nbformat_minor = 5,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document));
        return path;
    }
}
