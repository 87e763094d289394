using System.Reflection;

namespace NotebookRunner;

/// <summary>Finds the repository root: the folder that holds <c>.config/dotnet-tools.json</c> (the pinned kernel tool).</summary>
/// <remarks>Looks upward from a given path first, then from the runner's own folder, then from the current
/// directory, and last uses the path the runner was built in (recorded as assembly metadata), which matters when
/// the build output lives outside the repository (<c>--artifacts-path /tmp/…</c>).</remarks>
internal static class RepositoryLocator
{
    /// <summary>The tool manifest whose folder's parent is the repository root.</summary>
    public const string ToolManifestRelativePath = ".config/dotnet-tools.json";

    /// <summary>Finds the repository root that holds the tool manifest, starting from <paramref name="startPath"/> when given.</summary>
    /// <param name="startPath">A file or folder inside the repository, or null to use only the fallbacks.</param>
    /// <returns>The absolute path of the repository root.</returns>
    /// <exception cref="DirectoryNotFoundException">When no candidate holds the tool manifest.</exception>
    public static string FindRepositoryRoot(string? startPath = null)
    {
        foreach (var candidate in Candidates(startPath))
        {
            if (FindUpward(candidate, ToolManifestRelativePath) is { } root)
            {
                return root;
            }
        }

        throw new DirectoryNotFoundException(
            $"No folder holding {ToolManifestRelativePath} was found above {startPath ?? "(none)"}, {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }

    /// <summary>Walks up from <paramref name="startPath"/> to the first folder that contains <paramref name="relativeMarker"/>.</summary>
    /// <param name="startPath">A file or folder to start from.</param>
    /// <param name="relativeMarker">A file path relative to the folder sought.</param>
    /// <returns>The folder, or null when none above holds the marker.</returns>
    public static string? FindUpward(string startPath, string relativeMarker)
    {
        var full = Path.GetFullPath(startPath);
        var directory = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full).Directory;
        for (; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, relativeMarker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string? startPath)
    {
        if (!string.IsNullOrEmpty(startPath))
        {
            yield return startPath;
        }

        yield return AppContext.BaseDirectory;
        yield return Environment.CurrentDirectory;
        if (BuildTimeRepositoryRoot() is { } recorded)
        {
            yield return recorded;
        }
    }

    private static string? BuildTimeRepositoryRoot()
    {
        var value = typeof(RepositoryLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        return !string.IsNullOrEmpty(value) && Directory.Exists(value) ? value : null;
    }
}
