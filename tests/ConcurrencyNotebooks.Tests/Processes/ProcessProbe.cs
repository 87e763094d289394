namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Looks at processes through /proc: alive or gone, without timing assumptions.</summary>
internal static class ProcessProbe
{
    /// <summary>Tells whether a process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Waits until every pid is gone; throws naming the ones still alive once <paramref name="bound"/> (default: generous) passes.</summary>
    public static Task WaitGoneAsync(IEnumerable<int> pids, TimeSpan? bound = null)
    {
        var list = pids.ToList();
        return Poll.UntilAsync(() => !list.Any(IsAlive), $"processes {string.Join(", ", list)} to end", bound,
            () => $"Still alive: {string.Join(", ", list.Where(IsAlive))}.");
    }

    /// <summary>Lists the pids of running worker hosts whose parent is the given process.</summary>
    public static IReadOnlyList<int> WorkerChildrenOf(int parentPid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsAlive(pid) && ParentOf(pid) == parentPid && CommandLine(pid).Contains("ConcurrencyNotebooks.Worker.dll", StringComparison.Ordinal))
            .ToList();

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
