namespace NotebookRunner;

/// <summary>Writes a notebook run's artifacts: <c>&lt;name&gt;.ipynb</c> (the executed copy) and <c>&lt;name&gt;.html</c> (the handout).</summary>
internal static class ArtifactWriter
{
    /// <summary>Writes the executed notebook and its handout into <paramref name="outputDirectory"/>.</summary>
    /// <param name="result">The run to write.</param>
    /// <param name="outputDirectory">The artifacts folder; created when missing.</param>
    /// <returns>The paths of the executed notebook and the handout.</returns>
    public static (string NotebookPath, string HandoutPath) Write(NotebookRunResult result, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        var notebookPath = Path.Combine(outputDirectory, result.Name + ".ipynb");
        var handoutPath = Path.Combine(outputDirectory, result.Name + ".html");
        if (Path.GetFullPath(notebookPath) == result.NotebookPath)
        {
            throw new InvalidOperationException($"The output folder holds the source notebook {result.NotebookPath}; choose another --out so the source is not overwritten.");
        }

        result.ExecutedNotebook.Save(notebookPath);
        HandoutWriter.Write(result.ExecutedNotebook, result.Name, handoutPath);
        return (notebookPath, handoutPath);
    }
}
