using System.Runtime.CompilerServices;

namespace ConcurrencyNotebooks.Tests.Timelines;

/// <summary>An awaitable that completes on a dedicated thread started only after the await has registered,
/// so the continuation always runs on that other thread (a forced await hop, no timing involved).</summary>
internal sealed class HopGate : INotifyCompletion
{
    private readonly TaskCompletionSource _gate = new(); // synchronous continuations: they run on the completer
    private readonly Thread _completer;

    public HopGate(string threadName)
    {
        _completer = new Thread(_gate.SetResult) { Name = threadName };
    }

    public Thread Completer => _completer;

    public bool IsCompleted => false;

    public HopGate GetAwaiter() => this;

    public void OnCompleted(Action continuation)
    {
        _gate.Task.GetAwaiter().OnCompleted(continuation);
        _completer.Start();
    }

    public void GetResult()
    {
        _gate.Task.GetAwaiter().GetResult();
    }
}
