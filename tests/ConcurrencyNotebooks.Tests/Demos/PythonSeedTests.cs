using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed partial class PythonSeedTests
{
    // A line the guide's snippet relies on from an earlier snippet; it is not part of the snippet's own text.
    private const string EarlierSnippetMark = "# imported by the guide's previous snippet";
    private const string DefinedEarlierMark = "# defined by the guide's previous snippet";

    private static readonly string Root = FindRoot();
    private static readonly string SeedFolder = Path.Combine(Root, "notebooks", "python", "seed");

    public static TheoryData<string> Snippets() =>
        new(Directory.GetFiles(SeedFolder, "*.py").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_IsTheGuidesCode_QuotedInANotebook(string name)
    {
        var own = string.Join('\n', File.ReadAllLines(Path.Combine(SeedFolder, name + ".py"))
            .Where(line => !line.Contains(DefinedEarlierMark, StringComparison.Ordinal) && !line.Contains(EarlierSnippetMark, StringComparison.Ordinal)));
        var quoted = Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb")
            .SelectMany(notebook => PythonBlock().Matches(MarkdownOf(notebook)).Select(m => m.Groups[1].Value));
        Assert.Contains(quoted, block => Normalize(block).Contains(Normalize(own), StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Run_ThreadJoinSnippet_PrintsTheGuidesTwoLines()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        Assert.Equal(["Task started", "Task completed"], PythonSeed.Run("thread_join", SeedFolder));
    }

    [SkippableFact]
    public void Run_GatherSnippet_StartsAllThreeBeforeAnyCompletes()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        Assert.Equal(
            ["Task started", "Task started", "Task started", "Task completed", "Task completed", "Task completed"],
            PythonSeed.Run("async_gather", SeedFolder));
    }

    [SkippableFact]
    public void Run_PoolMapSnippet_PicklesTheSnippetsFunction()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        Assert.Equal(["[1, 4, 9, 16]"], PythonSeed.Run("pool_map", SeedFolder));
    }

    [Fact]
    public void Run_MultiprocessingSnippetWithoutFork_SaysItIsNotRunInsteadOfFailing()
    {
        var saved = PythonSeed.HasForkStartMethod;
        PythonSeed.HasForkStartMethod = () => false;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Empty(PythonSeed.Run("pool_map", SeedFolder));
        }
        finally
        {
            Console.SetOut(console);
            PythonSeed.HasForkStartMethod = saved;
        }

        Assert.Contains("no fork start method", output.ToString());
    }

    [Fact]
    public void Run_UnknownSnippet_ThrowsNamingIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PythonSeed.Run("no_such_snippet", SeedFolder));
        Assert.Contains("no_such_snippet", error.Message);
    }

    // Blank lines and a notebook's JSON escaping aside, the snippet must be the quoted text.
    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0));

    private static string MarkdownOf(string notebook)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(notebook));
        return string.Join('\n', document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(cell => cell.GetProperty("cell_type").GetString() == "markdown")
            .Select(cell => string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString()))));
    }

    [GeneratedRegex("```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();

    private static string FindRoot([CallerFilePath] string path = "")
    {
        var root = Path.GetDirectoryName(path)!;
        while (!File.Exists(Path.Combine(root, "global.json")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        return root;
    }
}
