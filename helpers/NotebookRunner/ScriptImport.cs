namespace NotebookRunner;

/// <summary>The runner's handling of a cell whose whole source is <c>#!import path.csx</c> of a plain script (no directive
/// lines), such as <c>#!import solutions/02-threading.csx</c>: it submits the script's text as the cell's code.</summary>
/// <remarks>The kernel (1.0.712001) loses an exception thrown inside an imported script: the cell reports success and the
/// cells after it run (a script ending in <c>throw</c> does that). Submitted as the cell's own code, the same text
/// fails the cell, so a model answer whose check stops passing fails the run. A script with directives (<c>setup.csx</c>:
/// <c>#!import</c>, <c>#r</c>) is left to the kernel, which splits it into submissions.</remarks>
internal static class ScriptImport
{
    private const string Import = "#!import ";

    /// <summary>Returns the text to submit for a cell: the imported script's text when the cell is one import of a plain
    /// .csx that exists, else the cell's source unchanged.</summary>
    /// <param name="source">The cell's source.</param>
    /// <param name="notebookDirectory">The notebook's folder (the kernel's working directory, where the import resolves).</param>
    /// <returns>The code to submit.</returns>
    public static string CodeToSubmit(string source, string notebookDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        var line = source.Trim();
        if (!line.StartsWith(Import, StringComparison.Ordinal) || line.Contains('\n', StringComparison.Ordinal))
        {
            return source;
        }

        var path = Path.GetFullPath(Path.Combine(notebookDirectory, line[Import.Length..].Trim().Trim('"')));
        if (Path.GetExtension(path) != ".csx" || !File.Exists(path))
        {
            return source; // the kernel reports a missing file itself
        }

        var script = File.ReadAllText(path);
        var hasDirectives = script.Split('\n').Any(text => text.TrimStart().StartsWith("#!", StringComparison.Ordinal)
            || text.TrimStart().StartsWith("#r ", StringComparison.Ordinal) || text.TrimStart().StartsWith("#i ", StringComparison.Ordinal));
        return hasDirectives ? source : script;
    }
}
