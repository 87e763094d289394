using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>Every course notebook also runs in dotnet-repl (pinned in the tool manifest), a host that carries its own
/// versions of some of the helpers' dependencies: only the exercise checks (tagged raises-exception) may fail there.</summary>
[Collection(KernelCollection.Name)]
public sealed partial class DotnetReplTests
{
    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(TestRepository.NotebooksFolder, "*.ipynb").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_RunsInDotnetRepl_OnlyItsExerciseChecksThrow(string notebook)
    {
        await KernelProcess.EnsureToolRestoredAsync(TestRepository.Root, CancellationToken.None);
        var trx = Path.Combine(TestRepository.NewTempFolder("dotnet-repl"), "result.trx");
        var (exitCode, output) = await RunReplAsync(notebook, trx);
        Assert.True(File.Exists(trx), $"dotnet-repl wrote no results (exit code {exitCode}):\n{output}");

        var outcomes = CellOutcome().Matches(await File.ReadAllTextAsync(trx))
            .ToDictionary(m => int.Parse(m.Groups["cell"].Value), m => m.Groups["outcome"].Value);
        var mustThrow = MustThrowCells(notebook);
        var failed = outcomes.Where(o => o.Value != "Passed").Select(o => o.Key).Order().ToList();
        Assert.True(outcomes.Count > mustThrow.Count, $"dotnet-repl ran {outcomes.Count} cells of {notebook}:\n{output}");
        Assert.Equal(mustThrow, failed);
    }

    /// <summary>The 1-based numbers (markdown counted, as dotnet-repl numbers them) of the cells tagged raises-exception.</summary>
    private static List<int> MustThrowCells(string notebook) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.NotebooksFolder, notebook)))!["cells"]!.AsArray()
            .Select((cell, index) => (Tags: cell!["metadata"]?["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? [], Number: index + 1))
            .Where(cell => cell.Tags.Contains(NotebookCell.RaisesExceptionTag))
            .Select(cell => cell.Number)
            .ToList();

    private static async Task<(int ExitCode, string Output)> RunReplAsync(string notebook, string trx)
    {
        var (exitCode, output) = await DotnetProcess.RunAsync(
            TestRepository.NotebooksFolder,
            ["tool", "run", "dotnet-repl", "--", "--run", notebook, "--exit-after-run", "--output-format", "trx", "--output-path", trx],
            new Dictionary<string, string> { ["CONCURRENCY_NOTEBOOKS_TIME_SCALE"] = "0.05" });
        return (exitCode, output.Length > 4000 ? output[^4000..] : output);
    }

    [GeneratedRegex("""testName="Cell\s+(?<cell>\d+):[^"]*"[^>]*outcome="(?<outcome>\w+)" """)]
    private static partial Regex CellOutcome();
}
