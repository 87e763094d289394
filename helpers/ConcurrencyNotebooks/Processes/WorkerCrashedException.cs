namespace ConcurrencyNotebooks.Processes;

/// <summary>Reports that a worker process died while it ran a task: which worker, how it ended and which item it was running.</summary>
/// <remarks>The pool has already started a replacement worker; the next call works as usual.</remarks>
public sealed class WorkerCrashedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerCrashedException(int workerIndex, int processId, int? exitCode, string exitDescription, string itemDescription, object? item, string stderrTail)
        : base($"Worker {workerIndex} (pid {processId}) died while running {itemDescription}: {exitDescription}. " +
               "The pool replaced it; the items not yet run were abandoned." +
               (string.IsNullOrWhiteSpace(stderrTail) ? string.Empty : $"{Environment.NewLine}Its last stderr lines:{Environment.NewLine}{stderrTail}"))
    {
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
}
