namespace ConcurrencyNotebooks.Timelines;

/// <summary>Calls a function every interval on a dedicated background thread until it returns false or this is disposed.</summary>
/// <remarks>
/// <para>Not a <see cref="System.Threading.Timer"/>: timer callbacks run on the thread pool, and the cells these views
/// watch often starve the pool on purpose (blocking work), which would delay every redraw and sample by seconds. A
/// dedicated thread ticks on time whatever the pool does; it is not a pool thread, so it does not change
/// <see cref="ThreadPool.ThreadCount"/>.</para>
/// <para>Ticks never overlap; the next waits a full interval after the previous ends. A tick that throws ends the loop.
/// <see cref="Dispose"/> is idempotent, any thread (also from inside a tick), and does not wait for a running tick.</para>
/// </remarks>
internal sealed class TickThread : IDisposable
{
    private readonly ManualResetEventSlim _stop = new();
    private readonly TimeSpan _interval;
    private readonly Func<bool> _tick;

    /// <summary>Starts the thread; the first tick comes one interval from now.</summary>
    /// <param name="name">The thread's name (shown by debuggers).</param>
    /// <param name="interval">The time between ticks.</param>
    /// <param name="tick">The work; returns false to stop.</param>
    public TickThread(string name, TimeSpan interval, Func<bool> tick)
    {
        _interval = interval;
        _tick = tick;
        new Thread(Loop) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Stops ticking (a tick already running finishes).</summary>
    public void Dispose() => _stop.Set();

    private void Loop()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                if (!_tick())
                {
                    return;
                }
            }
            catch (Exception)
            {
                // Nothing may escape a thread (it would end the process): the owner's Dispose still works.
                return;
            }
        }
    }
}
