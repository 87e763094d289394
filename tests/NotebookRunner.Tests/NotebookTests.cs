namespace NotebookRunner.Tests;

/// <summary>Runs every course notebook (<c>notebooks/*.ipynb</c>) in the real kernel at class speed and at CI speed; a notebook added later is picked up with no edit here.</summary>
/// <remarks>Every sentence that tells the learner what they will see is checked by a cell, so it must hold at both
/// time scales: 1 (what a class sees) and 0.05 (twenty times faster).</remarks>
[Collection(KernelCollection.Name)]
public sealed class NotebookTests
{
    /// <summary>The row given when notebooks/ holds no notebook yet (xunit fails a theory without data); it is skipped.</summary>
    private const string NoNotebooks = "(no notebooks yet)";

    /// <summary>Gets the file names of the notebooks the runner would run for <c>notebooks/</c>.</summary>
    public static TheoryData<string, string> Notebooks()
    {
        var data = new TheoryData<string, string>();
        var folder = TestRepository.NotebooksFolder;
        var names = Directory.Exists(folder) ? NotebookDiscovery.NotebooksInFolder(folder).Select(Path.GetFileName).OfType<string>().ToList() : [];
        foreach (var name in names.DefaultIfEmpty(NoNotebooks))
        {
            data.Add(name, "1");
            data.Add(name, "0.05");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public async Task RunAsync_CourseNotebook_RunsWithoutErrors(string notebook, string timeScale)
    {
        Skip.If(notebook == NoNotebooks, $"{TestRepository.NotebooksFolder} holds no notebooks.");
        var options = new NotebookRunOptions
        {
            CellTimeout = TimeSpan.FromSeconds(180),
            RepositoryRoot = TestRepository.Root,
            Environment = new Dictionary<string, string> { ["CONCURRENCY_NOTEBOOKS_TIME_SCALE"] = timeScale },
        };

        var result = await new NotebookExecutor(options).RunAsync(Path.Combine(TestRepository.NotebooksFolder, notebook), CancellationToken.None);
        var (executed, _) = ArtifactWriter.Write(result, Path.Combine(TestRepository.Root, "artifacts", "test", "notebooks", "scale-" + timeScale));

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        var invalid = NbformatSchema.Errors(File.ReadAllText(executed));
        Assert.True(invalid.Count == 0, $"The executed {notebook} is not valid nbformat 4.5:\n{string.Join("\n", invalid)}");
    }
}
