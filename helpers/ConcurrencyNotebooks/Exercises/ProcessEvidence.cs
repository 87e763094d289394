using System.Globalization;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Lets a function a check hands to the learner report, from whichever process runs it, which process ran
/// which item, and whether two worker processes ran items at the same time.</summary>
/// <remarks>The check opens a session: a temporary folder, named in an environment variable that the worker processes
/// the answer starts inherit. The function writes small files there. Dispose restores the variable and deletes the folder.
/// One session at a time per process.</remarks>
internal sealed class ProcessEvidence : IDisposable
{
    /// <summary>The environment variable that names the session's folder.</summary>
    internal const string FolderVariable = "CONCURRENCY_NOTEBOOKS_CHECK_FOLDER";

    private readonly string? _previous;

    /// <summary>Opens a session; items that wait for company give up after <paramref name="timeout"/>.</summary>
    public ProcessEvidence(TimeSpan timeout)
    {
        Folder = Directory.CreateTempSubdirectory("concurrency-check-").FullName;
        File.WriteAllText(Path.Combine(Folder, "session"),
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {(long)timeout.TotalMilliseconds}"));
        _previous = Environment.GetEnvironmentVariable(FolderVariable);
        Environment.SetEnvironmentVariable(FolderVariable, Folder);
    }

    /// <summary>Gets the session's folder.</summary>
    public string Folder { get; }

    /// <summary>Gets every recorded call: the process that ran it and its item.</summary>
    public IReadOnlyList<(int ProcessId, string Item)> Calls =>
        Directory.GetFiles(Folder, "ran-*")
            .Select(path => (int.Parse(Path.GetFileName(path).Split('-')[1], CultureInfo.InvariantCulture), File.ReadAllText(path)))
            .ToList();

    /// <summary>Gets whether two calls that wait for company were running at once, in two processes.</summary>
    public bool TwoAtOnce => Directory.EnumerateFiles(Folder, "met-*").Any();

    /// <summary>Restores the environment variable and deletes the folder.</summary>
    public void Dispose()
    {
        Environment.SetEnvironmentVariable(FolderVariable, _previous);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A worker that is still being killed may hold a file for a moment; the temp folder is cleaned later.
        }
    }

    /// <summary>Records that this process runs <paramref name="item"/>, optionally waits until a second process runs one
    /// too (or the session's timeout passes), then runs <paramref name="work"/>.</summary>
    /// <param name="item">The item, as the check should see it.</param>
    /// <param name="waitForCompany">Whether to wait for a second process before working.</param>
    /// <param name="work">The work; it gets whether it runs in the check's own process.</param>
    /// <exception cref="InvalidOperationException">When no check session is open for this process.</exception>
    internal static T Record<T>(string item, bool waitForCompany, Func<bool, T> work)
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        var session = folder is null ? null : Path.Combine(folder, "session");
        if (session is null || !File.Exists(session))
        {
            throw new InvalidOperationException("This function belongs to an exercise check: it works only inside the check, " +
                "in a ProcessPool that your answer starts (so its workers see the check's session).");
        }

        var words = File.ReadAllText(session).Split(' ');
        var inCheckProcess = int.Parse(words[0], CultureInfo.InvariantCulture) == Environment.ProcessId;
        var me = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        File.WriteAllText(Path.Combine(folder!, "ran-" + me), item);
        if (!waitForCompany || inCheckProcess)
        {
            return work(inCheckProcess);
        }

        var inFlight = Path.Combine(folder!, "inflight-" + me);
        File.WriteAllText(inFlight, item);
        try
        {
            WaitForCompany(folder!, TimeSpan.FromMilliseconds(long.Parse(words[1], CultureInfo.InvariantCulture)));
            return work(false);
        }
        finally
        {
            File.Delete(inFlight);
        }
    }

    private static void WaitForCompany(string folder, TimeSpan timeout)
    {
        var gaveUp = Path.Combine(folder, "gave-up");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Stop when another process met company already (its partner may have finished since) or gave up.
        while (!File.Exists(gaveUp) && !Directory.EnumerateFiles(folder, "met-*").Any())
        {
            if (Directory.GetFiles(folder, "inflight-*").Select(f => Path.GetFileName(f).Split('-')[1]).Distinct().Count() >= 2)
            {
                File.WriteAllText(Path.Combine(folder, "met-" + Environment.ProcessId), "");
                return;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > timeout)
            {
                File.WriteAllText(gaveUp, "");
                return;
            }

            Thread.Sleep(1);
        }
    }
}
