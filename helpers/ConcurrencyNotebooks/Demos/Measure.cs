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

        // Every task the wrapper returns is already complete, so this runs on the calling thread and never blocks.
        return BestAsync(() => { action(); return Task.CompletedTask; }, runs, cancellationToken).GetAwaiter().GetResult();
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

    /// <summary>Times <paramref name="action"/> for each key, interleaved: one warm-up round, then <paramref name="rounds"/>
    /// rounds that each run every key once; keeps each key's fastest run and shows progress under the cell.</summary>
    /// <typeparam name="TKey">What varies between the runs, such as a thread count.</typeparam>
    /// <param name="keys">The keys, in the order to run them within a round.</param>
    /// <param name="action">The code to time for one key.</param>
    /// <param name="rounds">How many timed rounds (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>Each key's fastest time, in the keys' order.</returns>
    /// <remarks>Interleaving spreads whatever else the machine does (and the JIT's late optimizations) over every key,
    /// instead of handicapping whichever key happens to be timed first.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="rounds"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">When there are no keys, or a key repeats.</exception>
    public static IReadOnlyDictionary<TKey, TimeSpan> BestOfEach<TKey>(IEnumerable<TKey> keys, Action<TKey> action, int rounds = 5, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var order = keys.ToList();
        if (order.Count == 0 || order.Distinct().Count() != order.Count)
        {
            throw new ArgumentException("Give at least one key, each once.", nameof(keys));
        }

        cancellationToken = StopTokenOr(cancellationToken);
        var best = order.ToDictionary(key => key, _ => TimeSpan.MaxValue);
        using var progress = CellProgress.Start("timing rounds", rounds + 1);
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var key in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                action(key);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (round > 0 && elapsed < best[key])
                {
                    best[key] = elapsed;
                }
            }

            progress.Advance();
        }

        return best;
    }

    private static CancellationToken StopTokenOr(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
}
