using System.Text.Json;

namespace NotebookRunner.Tests;

/// <summary>The Orleans cluster in the real kernel: a cell-defined function runs on the silos, a re-run start cell leaks no
/// silo, Dispose leaves none.</summary>
[Collection(KernelCollection.Name)]
public sealed class ClusterInKernelTests
{
    private const string CountSilos = """
        int Silos() => Directory.GetDirectories("/proc").Count(d =>
            int.TryParse(Path.GetFileName(d), out var pid) && File.Exists($"/proc/{pid}/cmdline")
            && File.ReadAllText($"/proc/{pid}/cmdline").Contains("ConcurrencyNotebooks.Silo.dll")
            && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1] == Environment.ProcessId.ToString());
        int Square(int n) => n * n;
        """;

    private const string WaitForTwoSilos = """
        ConcurrencyNotebooks.Testing.Poll.Until(() => Silos() == 2, "2 silo processes after re-running the cluster's cell",
            seen: () => $"{Silos()} silo processes.");
        """;

    private const string MapCellFunction = """
        var squares = await cluster.MapAsync(Square, new[] { 1, 2, 3, 4, 5, 6 });
        if (!squares.SequenceEqual(new[] { 1, 4, 9, 16, 25, 36 })) throw new Exception("wrong results: " + squares);
        if (!squares.Items.All(i => cluster.ProcessIds.Contains(i.ProcessId))) throw new Exception("an item ran outside the cluster");
        """;

    private const string DisposeLeavesNone = """
        await cluster.DisposeAsync();
        if (Silos() != 0) throw new Exception($"{Silos()} silo processes left after DisposeAsync");
        """;

    [Fact]
    public async Task Cluster_InTheKernel_RunsACellFunction_AndLeavesNoSiloAfterReRunAndDispose()
    {
        var notebook = WriteNotebook(
            $"#r \"{TestRepository.HelpersLibrary}\"\n#r \"{typeof(Poll).Assembly.Location}\"\nusing System.IO;\nusing ConcurrencyNotebooks.Clusters;\n{CountSilos}",
            "var cluster = await Cluster.StartAsync(silos: 2);",
            "var cluster = await Cluster.StartAsync(silos: 2);",
            WaitForTwoSilos,
            MapCellFunction,
            DisposeLeavesNone);

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(120), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
    }

    /// <summary>Writes a notebook of code cells that references the built helpers by absolute path (generated at test time only).</summary>
    private static string WriteNotebook(params string[] cells)
    {
        var path = Path.Combine(TestRepository.NewTempFolder("cluster"), "cluster.ipynb");
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
