namespace ConcurrencyNotebooks.Processes;

/// <summary>Ticks a pool's dispatcher on a dedicated thread, so task timeouts fire even while the thread pool is starved.</summary>
/// <remarks>It holds the dispatcher, never the <see cref="ProcessPool"/>, so it does not keep an abandoned pool alive.</remarks>
internal sealed class PoolClock
{
    private readonly ManualResetEventSlim _stop = new();

    /// <summary>Starts ticking <paramref name="dispatcher"/> every <paramref name="period"/>.</summary>
    public PoolClock(PoolDispatcher dispatcher, TimeSpan period)
    {
        new Thread(() =>
        {
            while (!_stop.Wait(period))
            {
                dispatcher.Tick();
            }

            _stop.Dispose();
        })
        {
            IsBackground = true,
            Name = "process pool clock",
        }.Start();
    }

    /// <summary>Stops the ticks.</summary>
    public void Stop() => _stop.Set();
}
