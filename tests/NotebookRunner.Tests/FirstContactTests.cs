namespace NotebookRunner.Tests;

/// <summary>A learner who opens a notebook in a fresh clone, before any build, gets the helpers built by the setup cell
/// (with a progress line) instead of a CS0006 "metadata file could not be found" in every cell.</summary>
[Collection(KernelCollection.Name)]
public sealed class FirstContactTests
{
    [Fact]
    public async Task SetupCell_HelpersNotBuilt_BuildsThemAndLoadsThem()
    {
        var root = CopyRepositoryWithoutBuildOutputs();
        var notebook = Path.Combine(root, "notebooks", "first-contact.ipynb");
        File.Copy(TestRepository.Fixture("first-contact.ipynb"), notebook);
        Assert.False(File.Exists(Path.Combine(root, "helpers", "lib", "ConcurrencyNotebooks.dll")));
        var options = new NotebookRunOptions
        {
            CellTimeout = TimeSpan.FromMinutes(10),
            RepositoryRoot = root,
            Environment = new Dictionary<string, string> { ["CONCURRENCY_NOTEBOOKS_TIME_SCALE"] = "0.05" },
        };

        var result = await new NotebookExecutor(options).RunAsync(notebook, CancellationToken.None);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        var setupOutput = result.ExecutedNotebook.Cells[1].Node["outputs"]!.ToJsonString();
        Assert.Contains("First run: building the helpers", setupOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0006", setupOutput, StringComparison.Ordinal);
        Assert.Contains("ConcurrencyNotebooks.Notebook", result.ExecutedNotebook.Cells[2].Node["outputs"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "helpers", "lib", "ConcurrencyNotebooks.dll")));
    }

    /// <summary>Copies what a clone holds for the helpers and the setup (sources and build settings, no bin/obj/lib)
    /// into a temp folder laid out like the repository.</summary>
    private static string CopyRepositoryWithoutBuildOutputs()
    {
        var root = TestRepository.NewTempFolder("first-contact");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".config/dotnet-tools.json" })
        {
            Copy(Path.Combine(TestRepository.Root, file), Path.Combine(root, file));
        }

        foreach (var script in new[] { "setup.csx", "first-contact.csx" })
        {
            Copy(Path.Combine(TestRepository.NotebooksFolder, script), Path.Combine(root, "notebooks", script));
        }

        var helpers = Path.Combine(TestRepository.Root, "helpers");
        foreach (var file in Directory.EnumerateFiles(helpers, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(helpers, file);
            var top = relative.Split(Path.DirectorySeparatorChar);
            if (top[0] == "lib" || top.Contains("bin") || top.Contains("obj"))
            {
                continue;
            }

            Copy(file, Path.Combine(root, "helpers", relative));
        }

        return root;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
