namespace ConcurrencyNotebooks.Demos;

/// <summary>Watches a <see cref="SlowHttpServer"/> from its creation until disposed: the most requests in flight at once meanwhile.</summary>
/// <remarks>Get one from <see cref="SlowHttpServer.WatchPeak"/>, so a figure belongs to the code run while it watched,
/// not to everything the server saw before. Thread-safe.</remarks>
public sealed class RequestPeak : IDisposable
{
    private readonly Action<RequestPeak> _stop;
    private int _max;

    internal RequestPeak(int inFlightNow, Action<RequestPeak> stop)
    {
        _max = inFlightNow;
        _stop = stop;
    }

    /// <summary>Gets the most requests that were in flight at the same moment while this watched.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _max);

    internal void Observe(int inFlight)
    {
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, inFlight, seen) != seen)
        {
        }
    }

    /// <summary>Stops watching; <see cref="MaxConcurrentRequests"/> keeps its value.</summary>
    public void Dispose() => _stop(this);
}
