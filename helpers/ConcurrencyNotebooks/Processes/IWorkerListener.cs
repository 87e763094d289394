using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Receives what a <see cref="WorkerConnection"/> reads from its worker, on the connection's reader thread.</summary>
/// <remarks>It hears nothing before <see cref="WorkerConnection.Listen"/>. Implementations must not throw or block: the reader
/// thread is the only one draining the worker's stdout.</remarks>
internal interface IWorkerListener
{
    /// <summary>The worker's runtime is up (its first frame).</summary>
    void OnReady(WorkerConnection worker);

    /// <summary>An item of the worker's running chunk has started.</summary>
    void OnItemStarted(WorkerConnection worker, ItemStartedMessage message);

    /// <summary>The worker answered a chunk; <paramref name="moreBuffered"/> says more answers are already read.</summary>
    void OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered);

    /// <summary>The worker process has exited and its pipes are drained (see <see cref="WorkerConnection.ProtocolError"/>).</summary>
    void OnExited(WorkerConnection worker);
}
