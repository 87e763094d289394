namespace ConcurrencyNotebooks.Demos;

/// <summary>One way of doing a job, added to a <see cref="Comparison"/> and waiting to be timed: blocking code or async code.</summary>
internal sealed class ComparedMethod
{
    private readonly Action? _blocking;
    private readonly Func<Task>? _async;

    public ComparedMethod(string job, string name, Action? blocking, Func<Task>? async)
    {
        Job = job;
        Name = name;
        _blocking = blocking;
        _async = async;
    }

    /// <summary>Gets the job this method does.</summary>
    public string Job { get; }

    /// <summary>Gets the method's name.</summary>
    public string Name { get; }

    /// <summary>Times one run on <paramref name="clock"/>: blocking code on a thread of its own (not a pool thread,
    /// like a cell's), async code awaited where it starts, so neither blocks a pool thread that the other methods need.</summary>
    public Task<TimeSpan> TimeAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_blocking is { } blocking)
        {
            return Task.Factory.StartNew(
                () =>
                {
                    var started = clock.GetTimestamp();
                    blocking();
                    return clock.GetElapsedTime(started);
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        return TimeAwaitedAsync(_async!, clock);
    }

    private static async Task<TimeSpan> TimeAwaitedAsync(Func<Task> run, TimeProvider clock)
    {
        var started = clock.GetTimestamp();
        await run().ConfigureAwait(false);
        return clock.GetElapsedTime(started);
    }
}
