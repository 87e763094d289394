using System.Collections.Concurrent;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Counts the calls running at once and holds the first ones until <c>wanted</c> run together (or a timeout
/// passes), so a check tells concurrent calls from sequential ones by what happened, not by how long it took.</summary>
/// <remarks>Thread-safe. A sequential caller waits the timeout once; after that no call waits, and <see cref="Peak"/>
/// stays below <c>wanted</c>: the check fails clearly instead of hanging.</remarks>
internal sealed class InFlightGate(int wanted, TimeSpan timeout)
{
    private readonly ManualResetEventSlim _reached = new(false);
    private readonly ConcurrentDictionary<int, byte> _threads = new();
    private int _inFlight;
    private int _peak;
    private volatile bool _gaveUp;

    /// <summary>Gets how long the first calls wait for company.</summary>
    public TimeSpan Timeout => timeout;

    /// <summary>Gets the most calls that ran at the same time.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Gets how many distinct threads made calls.</summary>
    public int ThreadCount => _threads.Count;

    /// <summary>Runs <paramref name="call"/> as one counted call; the first calls wait (up to the timeout) for company.</summary>
    public T Run<T>(Func<T> call)
    {
        Enter();
        try
        {
            return call();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Marks a call as running; until <c>wanted</c> run at once (or the gate gave up), waits for the others.</summary>
    public void Enter()
    {
        _threads.TryAdd(Environment.CurrentManagedThreadId, 0);
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }

        if (now >= wanted)
        {
            _reached.Set();
        }
        else if (!_reached.IsSet && !_gaveUp && !_reached.Wait(timeout, Notebook.StopToken))
        {
            _gaveUp = true;
        }
    }

    /// <summary>Marks a call as done.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
