namespace NotebookRunner.Tests;

public sealed class NotebookDiscoveryTests
{
    [Fact]
    public void NotebookDiscovery_Folder_RunsNotebooksSortedAndSkipsUnderscoreAndDotNames()
    {
        var folder = TestRepository.NewTempFolder("discovery");
        foreach (var name in new[] { "02-b.ipynb", "10-c.ipynb", "01-a.ipynb", "_draft.ipynb", ".hidden.ipynb", "notes.md" })
        {
            File.WriteAllText(Path.Combine(folder, name), "{}");
        }

        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "00-nested.ipynb"), "{}");

        var notebooks = NotebookDiscovery.Expand([folder]);

        Assert.Equal(["01-a.ipynb", "02-b.ipynb", "10-c.ipynb"], notebooks.Select(Path.GetFileName));
    }

    [Fact]
    public void NotebookDiscovery_FilesAndFolders_KeepArgumentOrderWithoutDuplicates()
    {
        var folder = TestRepository.NewTempFolder("discovery-order");
        var a = Path.Combine(folder, "a.ipynb");
        var b = Path.Combine(folder, "b.ipynb");
        File.WriteAllText(a, "{}");
        File.WriteAllText(b, "{}");

        var notebooks = NotebookDiscovery.Expand([b, folder]);

        Assert.Equal([b, a], notebooks);
    }

    [Fact]
    public void NotebookDiscovery_MissingPath_Throws()
    {
        Assert.Throws<FileNotFoundException>(() => NotebookDiscovery.Expand(["/no/such/notebook.ipynb"]));
    }
}
