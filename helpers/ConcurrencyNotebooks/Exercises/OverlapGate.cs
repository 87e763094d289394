using System.Collections.Concurrent;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Proves that jobs ran at the same time: the first job to enter waits until a second one is inside too.</summary>
/// <remarks>A sequential answer never brings a second job in, so the first waits <c>timeout</c> once, then the gate gives up
/// (later jobs do not wait) and <see cref="Peak"/> stays 1: the check fails clearly instead of hanging. Thread-safe.</remarks>
internal sealed class OverlapGate(TimeSpan timeout)
{
    private readonly ManualResetEventSlim _overlapped = new();
    private readonly ConcurrentDictionary<int, bool> _threads = new();
    private int _inside;
    private int _peak;
    private volatile bool _gaveUp;

    /// <summary>Gets the timeout the first job waits for a second one.</summary>
    public TimeSpan Timeout => timeout;

    /// <summary>Gets the most jobs that were inside at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Gets how many distinct threads entered.</summary>
    public int Threads => _threads.Count;

    /// <summary>Marks a job as running; until two have overlapped (or the gate gave up), waits for a second one.</summary>
    public void Enter()
    {
        _threads.TryAdd(Environment.CurrentManagedThreadId, true);
        var inside = Interlocked.Increment(ref _inside);
        int peak;
        while (inside > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, inside, peak) != peak)
        {
        }

        if (inside >= 2)
        {
            _overlapped.Set();
        }
        else if (!_gaveUp && !_overlapped.Wait(timeout))
        {
            _gaveUp = true;
        }
    }

    /// <summary>Marks a job as done.</summary>
    public void Exit() => Interlocked.Decrement(ref _inside);
}
