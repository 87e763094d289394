namespace ConcurrencyNotebooks.Processes;

/// <summary>Reports that a worker process died while it ran a task: which worker, how it ended and which item it was running.</summary>
/// <remarks>The pool has already started a replacement worker; the next call works as usual. The message keeps the
/// worker's last stderr lines without the stack frames of the runtime and the worker host (the full lines are in
/// <see cref="StderrTail"/>).</remarks>
public sealed class WorkerCrashedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerCrashedException(int workerIndex, int processId, int? exitCode, string exitDescription, string itemDescription, object? item, string stderrTail)
        : base($"Worker {workerIndex} (pid {processId}) died while running {itemDescription}: {exitDescription}. " +
               "The pool replaced it; the items not yet run were abandoned." +
               (string.IsNullOrWhiteSpace(stderrTail) ? string.Empty : $"{Environment.NewLine}Its last stderr lines:{Environment.NewLine}{Readable(stderrTail)}"))
    {
        StderrTail = stderrTail;
        WorkerIndex = workerIndex;
        ProcessId = processId;
        ExitCode = exitCode;
        Item = item;
    }

    /// <summary>Gets the slot of the worker that died.</summary>
    public int WorkerIndex { get; }

    /// <summary>Gets the process id of the worker that died.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the exit code (128 + n when killed by signal n), or null if unknown.</summary>
    public int? ExitCode { get; }

    /// <summary>Gets the signal that killed the worker (9 for SIGKILL), or null if it exited by itself.</summary>
    public int? Signal => ExitCode is > 128 and < 160 ? ExitCode - 128 : null;

    /// <summary>Gets the (first) item the worker was running.</summary>
    public object? Item { get; }

    /// <summary>Gets the worker's last stderr lines, stack frames included.</summary>
    public string StderrTail { get; }

    // Stack frames of the runtime, the worker host and the shipping glue say nothing about the user's code, and their
    // generic type names fill lines: keep the other lines and the user's own frames.
    private static string Readable(string stderrTail)
    {
        var lines = stderrTail.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var kept = lines.Where(line => !IsHostFrame(line)).ToList();
        var dropped = lines.Count - kept.Count;
        return string.Join(Environment.NewLine, kept) +
            (dropped > 0 ? $"{Environment.NewLine}   ({dropped} frames of the runtime and the worker host left out)" : string.Empty);
    }

    private static bool IsHostFrame(string line)
    {
        var text = line.TrimStart();
        return text.StartsWith("at ", StringComparison.Ordinal) &&
            (text.StartsWith("at System.", StringComparison.Ordinal) || text.StartsWith("at Microsoft.", StringComparison.Ordinal) ||
             text.StartsWith("at ConcurrencyNotebooks.Worker.", StringComparison.Ordinal) ||
             text.StartsWith("at Program.", StringComparison.Ordinal) || text.StartsWith("at Shipped.Invoke(", StringComparison.Ordinal));
    }
}
