using System.Diagnostics;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Times code the way a notebook should: warm up once, run several times, keep the best.</summary>
/// <remarks>The best (minimum) wall time is the least disturbed by whatever else the machine does,
/// which matters on a 2-core laptop or a CI runner. Each call is independent and thread-safe.</remarks>
public static class Measure
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns the fastest run.</summary>
    /// <param name="action">The code to time.</param>
    /// <param name="runs">How many timed runs (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>The fastest wall time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="runs"/> is less than 1.</exception>
    public static TimeSpan Best(Action action, int runs = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        cancellationToken = StopTokenOr(cancellationToken);
        action();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            action();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed < best)
            {
                best = elapsed;
            }
        }

        return best;
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns the fastest run.</summary>
    /// <param name="action">The asynchronous code to time.</param>
    /// <param name="runs">How many timed runs (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>The fastest wall time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="runs"/> is less than 1.</exception>
    public static async Task<TimeSpan> BestAsync(Func<Task> action, int runs = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        cancellationToken = StopTokenOr(cancellationToken);
        await action();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await action();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed < best)
            {
                best = elapsed;
            }
        }

        return best;
    }

    private static CancellationToken StopTokenOr(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
}
