namespace ConcurrencyNotebooks.Processes;

/// <summary>Reports an exception the user's function threw inside a worker process, with the remote type, message and stack trace.</summary>
/// <remarks>The worker and the pool stay usable: only the item that threw fails.</remarks>
/// <example><code>
/// try { pool.Map(n => 10 / n, new[] { 1, 0 }); }
/// catch (RemoteTaskException e) { Console.WriteLine($"{e.Label}: {e.RemoteType}: {e.RemoteMessage}"); }
/// </code></example>
public sealed class RemoteTaskException : Exception
{
    /// <summary>Creates the exception from what the worker reported.</summary>
    public RemoteTaskException(string label, object? item, string remoteType, string remoteMessage, string remoteDetails, int workerIndex, int processId)
        : this(label, item, remoteType, remoteMessage, remoteDetails, $"in worker {workerIndex} (pid {processId})", workerIndex, processId)
    {
    }

    /// <summary>Creates the exception with the place it ran described by the caller, such as a silo of a cluster.</summary>
    internal RemoteTaskException(string label, object? item, string remoteType, string remoteMessage, string remoteDetails, string where,
        int workerIndex, int processId)
        : base($"{label} threw {remoteType} {where}: {remoteMessage}")
    {
        Label = label;
        Item = item;
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        RemoteStackTrace = remoteDetails;
        WorkerIndex = workerIndex;
        ProcessId = processId;
    }

    /// <summary>Gets the label of the failed call, such as "Divide(0)".</summary>
    public string Label { get; }

    /// <summary>Gets the item (argument) whose call threw.</summary>
    public object? Item { get; }

    /// <summary>Gets the full name of the remote exception's type, such as "System.DivideByZeroException".</summary>
    public string RemoteType { get; }

    /// <summary>Gets the remote exception's message.</summary>
    public string RemoteMessage { get; }

    /// <summary>Gets the remote exception as text, with its stack trace and inner exceptions.</summary>
    public string RemoteStackTrace { get; }

    /// <summary>Gets the slot of the worker that ran the call.</summary>
    public int WorkerIndex { get; }

    /// <summary>Gets the process id of the worker that ran the call.</summary>
    public int ProcessId { get; }

    /// <summary>Formats the exception with the remote stack trace after the local one.</summary>
    public override string ToString() => $"{base.ToString()}{Environment.NewLine}--- remote ---{Environment.NewLine}{RemoteStackTrace}";
}
