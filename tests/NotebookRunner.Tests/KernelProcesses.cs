namespace NotebookRunner.Tests;

/// <summary>Finds live (non-zombie) processes by their command line, to prove no kernel was left behind.</summary>
internal static class KernelProcesses
{
    /// <summary>Lists the ids of live processes whose command line mentions <paramref name="text"/>.</summary>
    /// <param name="text">E.g. a kernel's unique working directory.</param>
    /// <returns>The process ids; empty when none is alive.</returns>
    public static IReadOnlyList<int> LiveWithCommandLineContaining(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state != 'Z' && commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }
}
