namespace NotebookRunner.Tests;

/// <summary>Every suggestion of a notebook's Playground, declared as a variant in its metadata
/// (<c>concurrency_notebooks.playground</c>), runs in the real kernel at time scale 0.05 with no cell error.</summary>
/// <remarks>The variant's notebook is written next to the course notebooks (a dot name the runner and the shape tests skip)
/// so that <c>setup.csx</c> and <c>solutions/</c> resolve as they do for the original.</remarks>
[Collection(KernelCollection.Name)]
public sealed class PlaygroundVariantTests
{
    /// <summary>The row given when no notebook declares a variant (xunit fails a theory without data); it is skipped.</summary>
    private const string NoVariants = "(no playground variants declared)";

    /// <summary>Gets (notebook file name, variant name) for every variant of every course notebook.</summary>
    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in NotebookDiscovery.NotebooksInFolder(TestRepository.NotebooksFolder))
        {
            foreach (var variant in PlaygroundVariant.Read(NotebookDocument.Load(path)))
            {
                data.Add(Path.GetFileName(path), variant.Name);
            }
        }

        if (data.Count == 0)
        {
            data.Add(NoVariants, "");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public async Task PlaygroundVariant_RunsAtFastScale_WithoutCellErrors(string notebook, string variantName)
    {
        Skip.If(notebook == NoVariants, "No course notebook declares a playground variant.");
        var original = NotebookDocument.Load(Path.Combine(TestRepository.NotebooksFolder, notebook));
        var variants = PlaygroundVariant.Read(original);
        var variant = variants.Single(v => v.Name == variantName);
        var index = variants.ToList().IndexOf(variant) + 1;
        var path = Path.Combine(TestRepository.NotebooksFolder, $".{Path.GetFileNameWithoutExtension(notebook)}.playground-{index}.json");
        variant.Apply(original).Save(path);
        try
        {
            var options = new NotebookRunOptions
            {
                CellTimeout = TimeSpan.FromSeconds(180),
                RepositoryRoot = TestRepository.Root,
                Environment = new Dictionary<string, string> { ["CONCURRENCY_NOTEBOOKS_TIME_SCALE"] = "0.05" },
            };

            var result = await new NotebookExecutor(options).RunAsync(path, CancellationToken.None);
            ArtifactWriter.Write(result, Path.Combine(TestRepository.Root, "artifacts", "test", "playground"));

            Assert.True(result.Status == NotebookStatus.Passed, $"Playground variant '{variantName}' of {notebook}: {result.DescribeFailure()}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
