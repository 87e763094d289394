namespace NotebookRunner;

/// <summary>Expands the runner's path arguments into notebook files.</summary>
internal static class NotebookDiscovery
{
    /// <summary>Expands files and folders: a folder yields its <c>*.ipynb</c> files sorted by name, not recursing, skipping names that start with <c>_</c> or <c>.</c>.</summary>
    /// <param name="paths">Notebook files and folders, in the order given.</param>
    /// <returns>Full paths of the notebooks, each once, in order.</returns>
    /// <exception cref="FileNotFoundException">When a path is neither a folder nor an existing .ipynb file.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var notebooks = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                notebooks.AddRange(NotebooksInFolder(full));
            }
            else if (File.Exists(full) && full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                notebooks.Add(full);
            }
            else
            {
                throw new FileNotFoundException($"'{path}' is neither a folder nor an existing .ipynb file.", path);
            }
        }

        return notebooks.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Lists the notebooks a folder argument runs: <c>*.ipynb</c> sorted by name, not recursing, skipping <c>_</c>/<c>.</c> prefixes.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>Full paths, sorted ordinally by file name.</returns>
    public static IReadOnlyList<string> NotebooksInFolder(string folder) =>
        Directory.EnumerateFiles(folder, "*.ipynb", SearchOption.TopDirectoryOnly)
            .Where(file => Path.GetFileName(file) is var name && !name.StartsWith('_') && !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFullPath)
            .ToList();
}
