namespace ConcurrencyNotebooks.Demos;

/// <summary>Times code the way a notebook should: warm up once, let the JIT settle, run several times, keep the best.</summary>
/// <remarks>The best (minimum) wall time is the least disturbed by whatever else the machine does,
/// which matters on a 2-core laptop or a CI runner. After the warm-up, timing waits (up to 15 s) until the runtime's
/// background recompilation is done: in a notebook kernel it can keep a core busy for seconds after a cell starts.
/// Each call is independent and thread-safe.</remarks>
public static class Measure
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns the fastest run.</summary>
    /// <param name="action">The code to time.</param>
    /// <param name="runs">How many timed runs (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>The fastest wall time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="runs"/> is less than 1.</exception>
    public static TimeSpan Best(Action action, int runs = 5, CancellationToken cancellationToken = default) =>
        Best(action, runs, TimeProvider.System, SettleJit, cancellationToken);

    /// <summary>Does what the public <see cref="Best(Action, int, CancellationToken)"/> does, on <paramref name="clock"/>, settling with <paramref name="settle"/>.</summary>
    internal static TimeSpan Best(Action action, int runs, TimeProvider clock, Action<CancellationToken> settle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);

        // Every task here is already complete (the JIT wait blocks instead of awaiting), so the runs happen on the
        // calling thread, as the caller wrote them, and nothing ties up a pool thread.
        return BestCore(
            () => { action(); return Task.CompletedTask; },
            runs,
            token =>
            {
                settle(token);
                return Task.CompletedTask;
            },
            clock,
            cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns the fastest run.</summary>
    /// <param name="action">The asynchronous code to time.</param>
    /// <param name="runs">How many timed runs (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>The fastest wall time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="runs"/> is less than 1.</exception>
    public static Task<TimeSpan> BestAsync(Func<Task> action, int runs = 5, CancellationToken cancellationToken = default) =>
        BestCore(action, runs, token => JitSettle.WaitAsync(JitSettle.Quiet, JitSettle.Longest, token), TimeProvider.System, cancellationToken);

    /// <summary>Warms up, settles with <paramref name="settle"/>, and keeps the fastest of <paramref name="runs"/> runs on <paramref name="clock"/>.</summary>
    internal static async Task<TimeSpan> BestCore(Func<Task> action, int runs, Func<CancellationToken, Task> settle, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        cancellationToken = StopTokenOr(cancellationToken);
        await action();
        await settle(cancellationToken);
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = clock.GetTimestamp();
            await action();
            var elapsed = clock.GetElapsedTime(started);
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
    /// <returns>Each key's fastest time, in the keys' order, with the cores used during its timed runs (<see cref="MeasuredTimes{TKey}.CpuDuring"/>).</returns>
    /// <remarks>Interleaving spreads whatever else the machine does (and the JIT's late optimizations) over every key,
    /// instead of handicapping whichever key happens to be timed first.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="rounds"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">When there are no keys, or a key repeats.</exception>
    public static MeasuredTimes<TKey> BestOfEach<TKey>(IEnumerable<TKey> keys, Action<TKey> action, int rounds = 5, CancellationToken cancellationToken = default)
        where TKey : notnull =>
        BestOfEach(keys, action, rounds, "timing rounds", TimeProvider.System, SettleJit, CpuSample.TryTake, cancellationToken);

    /// <summary>Does what the public <see cref="BestOfEach{TKey}(IEnumerable{TKey}, Action{TKey}, int, CancellationToken)"/> does, on
    /// <paramref name="clock"/>, settling with <paramref name="settle"/> and sampling the CPU with <paramref name="sampleCpu"/>.</summary>
    internal static MeasuredTimes<TKey> BestOfEach<TKey>(IEnumerable<TKey> keys, Action<TKey> action, int rounds, string progressLabel,
        TimeProvider clock, Action<CancellationToken> settle, Func<CpuSample?> sampleCpu, CancellationToken cancellationToken)
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
        var spent = order.ToDictionary(key => key, _ => (Elapsed: 0L, Idle: 0L, Ours: 0L, Cores: 0, Known: true));
        using var progress = CellProgress.Start(progressLabel, rounds + 1);
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var key in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = sampleCpu();
                var started = clock.GetTimestamp();
                action(key);
                var elapsed = clock.GetElapsedTime(started);
                var after = sampleCpu();
                if (round > 0)
                {
                    best[key] = elapsed < best[key] ? elapsed : best[key];
                    var (e, i, o, _, known) = spent[key];
                    spent[key] = before is { } b && after is { } a && known
                        ? (e + a.Total - b.Total, i + a.Idle - b.Idle, o + a.Process - b.Process, a.Cores, true)
                        : (0, 0, 0, 0, false);
                }
            }

            progress.Advance();
            if (round == 0)
            {
                settle(cancellationToken);
            }
        }

        return new MeasuredTimes<TKey>(order.Select(key => (key, best[key],
            spent[key] is { Known: true } s ? CpuShare.From(s.Elapsed, s.Idle, s.Ours, s.Cores) : null)));
    }

    /// <summary>Blocks until the JIT's background work is done (<see cref="JitSettle"/>).</summary>
    private static void SettleJit(CancellationToken cancellationToken) => JitSettle.Wait(JitSettle.Quiet, JitSettle.Longest, cancellationToken);

    private static CancellationToken StopTokenOr(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
}
