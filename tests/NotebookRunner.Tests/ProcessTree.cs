namespace NotebookRunner.Tests;

/// <summary>Finds a process and all its live descendants through /proc (Linux).</summary>
internal static class ProcessTree
{
    /// <summary>Lists <paramref name="rootProcessId"/> and every process below it.</summary>
    /// <param name="rootProcessId">The tree's root, e.g. the <c>dotnet</c> that started a kernel.</param>
    /// <returns>The process ids, the root first; empty when the root is gone.</returns>
    public static IReadOnlyList<int> Of(int rootProcessId)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        if (!Directory.Exists($"/proc/{rootProcessId}"))
        {
            return [];
        }

        var tree = new List<int> { rootProcessId };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }

        return tree;
    }

    /// <summary>Gets a live process's parent id, or null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // It ended while we looked, or is not ours to read.
        }
    }
}
