using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>What every course notebook looks like before it runs: the one-line setup, short lines, no committed outputs,
/// its sources, its solutions out of sight and its three discussion prompts.</summary>
public sealed partial class CourseNotebookShapeTests
{
    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(TestRepository.NotebooksFolder, "*.ipynb").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void FirstCodeCell_CourseNotebook_IsTheOneLineSetup(string notebook)
    {
        var first = CodeCells(notebook).First();
        Assert.Equal("#!import setup.csx", first.Trim());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CodeLines_CourseNotebook_AreAtMost100Characters(string notebook)
    {
        var wide = CodeCells(notebook).SelectMany(cell => cell.Split('\n')).Where(line => line.Length > 100).ToList();
        Assert.True(wide.Count == 0, $"{notebook} has code lines over 100 characters:\n{string.Join('\n', wide)}");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Outputs_CourseNotebook_AreCleared(string notebook)
    {
        var cells = Cells(notebook).Where(cell => cell["cell_type"]?.GetValue<string>() == "code");
        Assert.All(cells, cell => Assert.Empty(cell["outputs"]?.AsArray() ?? []));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Markdown_CourseNotebook_HasASourcesSection(string notebook)
    {
        var sources = MarkdownCells(notebook).Where(cell => cell.Split('\n').Any(line => line.TrimEnd() == "## Sources")).ToList();
        Assert.True(sources.Count == 1, $"{notebook} has {sources.Count} markdown cells with a '## Sources' heading; it needs one.");
        Assert.True(sources[0].Contains("](http", StringComparison.Ordinal), $"{notebook}'s '## Sources' section holds no link.");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Solutions_AreOnlyInTheirScript_ImportedByOneCell(string notebook)
    {
        var import = $"#!import solutions/{Path.GetFileNameWithoutExtension(notebook)}.csx";
        var imports = CodeCells(notebook).Count(cell => cell.Trim() == import);
        Assert.True(imports == 1, $"{notebook} has {imports} code cells that are exactly '{import}'; it needs one.");
        var script = Path.Combine(TestRepository.NotebooksFolder, import["#!import ".Length..]);
        Assert.True(File.Exists(script), $"{notebook} imports {script}, which does not exist.");

        var visible = CodeCells(notebook).SelectMany(cell => SolutionName().Matches(cell)).Select(m => m.Value).Distinct().ToList();
        Assert.True(visible.Count == 0, $"{notebook} shows solution code in a cell: {string.Join(", ", visible)}; move it to {script}.");
        var details = MarkdownCells(notebook).Count(cell => cell.Contains("<details", StringComparison.OrdinalIgnoreCase));
        Assert.True(details == 0, $"{notebook} still has {details} <details> cells; solutions are now one import cell.");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Markdown_CourseNotebook_HasExactlyThreeDiscussionPrompts(string notebook)
    {
        var prompts = MarkdownCells(notebook).SelectMany(cell => cell.Split('\n'))
            .Count(line => line.StartsWith("> **Discuss.** ", StringComparison.Ordinal));
        Assert.True(prompts == 3, $"{notebook} has {prompts} '> **Discuss.** ' prompts; it needs exactly three.");
    }

    [Fact]
    public void SetupScript_AsCommitted_ReferencesTheLibraryTheBuildWrites()
    {
        var setup = File.ReadAllText(Path.Combine(TestRepository.NotebooksFolder, "setup.csx"));
        var reference = setup.Split('\n').Single(line => line.StartsWith("#r ", StringComparison.Ordinal));
        var path = reference[3..].Trim().Trim('"');
        Assert.Equal(Path.GetFullPath(TestRepository.HelpersLibrary), Path.GetFullPath(Path.Combine(TestRepository.NotebooksFolder, path)));
        Assert.Contains("Notebook.Setup();", setup);
    }

    private static IEnumerable<JsonNode> Cells(string notebook) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.NotebooksFolder, notebook)))!["cells"]!.AsArray().OfType<JsonNode>();

    private static IEnumerable<string> CodeCells(string notebook) => Sources(notebook, "code");

    private static IEnumerable<string> MarkdownCells(string notebook) => Sources(notebook, "markdown");

    private static IEnumerable<string> Sources(string notebook, string cellType) =>
        Cells(notebook).Where(cell => cell["cell_type"]?.GetValue<string>() == cellType)
            .Select(cell => NotebookCell.JoinText(cell["source"]));

    /// <summary>A model answer's name, as the notebooks name them: <c>CountPrimesSolution(</c>, <c>MapOnPoolSolution&lt;T&gt;(</c>.</summary>
    [GeneratedRegex(@"\b\w+Solution\s*(<[^>()]*>)?\s*\(")]
    private static partial Regex SolutionName();
}
