namespace ConcurrencyNotebooks.Processes;

/// <summary>Says why the pool stopped a worker process (its slot is Stopping), which decides the error its running chunk gets.</summary>
internal enum WorkerStop
{
    /// <summary>Not stopped by the pool (any state but Stopping): if it exits, it crashed.</summary>
    None = 0,

    /// <summary>Killed because its item ran past the task timeout.</summary>
    Timeout = 1,

    /// <summary>Killed because its chunk's operation was cancelled.</summary>
    Cancelled = 2,

    /// <summary>Stopped because the pool was disposed.</summary>
    Disposed = 4,

    /// <summary>Stopped because the pool is broken (see <see cref="PoolBrokenException"/>).</summary>
    Broken = 5,

    /// <summary>Killed because it sent something the protocol does not allow (an answer to a chunk it was not running).</summary>
    ProtocolError = 6,
}
