using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>What every course notebook looks like before it runs: the one-line setup, short lines, no committed outputs.</summary>
public sealed class CourseNotebookShapeTests
{
    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(TestRepository.NotebooksFolder, "*.ipynb").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void FirstCodeCell_IsTheOneLineSetup(string notebook)
    {
        var first = CodeCells(notebook).First();
        Assert.Equal("#!import setup.csx", first.Trim());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CodeLines_AreAtMost100Characters(string notebook)
    {
        var wide = CodeCells(notebook).SelectMany(cell => cell.Split('\n')).Where(line => line.Length > 100).ToList();
        Assert.True(wide.Count == 0, $"{notebook} has code lines over 100 characters:\n{string.Join('\n', wide)}");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Outputs_AreCleared(string notebook)
    {
        var cells = Cells(notebook).Where(cell => cell["cell_type"]?.GetValue<string>() == "code");
        Assert.All(cells, cell => Assert.Empty(cell["outputs"]?.AsArray() ?? []));
    }

    [Fact]
    public void SetupScript_ReferencesTheLibraryTheBuildWrites()
    {
        var setup = File.ReadAllText(Path.Combine(TestRepository.NotebooksFolder, "setup.csx"));
        var reference = setup.Split('\n').Single(line => line.StartsWith("#r ", StringComparison.Ordinal));
        var path = reference[3..].Trim().Trim('"');
        Assert.Equal(Path.GetFullPath(TestRepository.HelpersLibrary), Path.GetFullPath(Path.Combine(TestRepository.NotebooksFolder, path)));
        Assert.Contains("Notebook.Setup();", setup);
    }

    private static IEnumerable<JsonNode> Cells(string notebook) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.NotebooksFolder, notebook)))!["cells"]!.AsArray().OfType<JsonNode>();

    private static IEnumerable<string> CodeCells(string notebook) =>
        Cells(notebook).Where(cell => cell["cell_type"]?.GetValue<string>() == "code")
            .Select(cell => string.Concat(cell["source"]!.AsArray().Select(line => line!.GetValue<string>())));
}
