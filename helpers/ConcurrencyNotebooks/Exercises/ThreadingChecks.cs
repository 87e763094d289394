using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Checks the answers to notebook 2's exercises: right results, and the concurrency itself (jobs that really overlapped).</summary>
/// <remarks>Each check throws "Not yet: …" until its exercise is answered, and also rejects a sequential or hard-coded
/// answer: the first job waits (up to a few seconds) for a second one to run beside it, so overlap is proven, not timed.</remarks>
public static class ThreadingChecks
{
    /// <summary>How long the first job waits for a second one to run beside it before the check gives up.</summary>
    public static readonly TimeSpan OverlapTimeout = TimeSpan.FromSeconds(5);

    private const int Threads = 4;
    private const int IncrementsEach = 250_000;

    /// <summary>Checks exercise 1: an ordered map that runs every item as its own job, at the same time, results in item order.</summary>
    /// <param name="map">The answer: <c>(items, f) =&gt; MapOnPool(items, f)</c>.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">"Not yet: …" when the answer is wrong, sequential or does not call <c>f</c>.</exception>
    public static Task OrderedMap(Func<IEnumerable<int>, Func<int, int>, Task<int[]>> map) => OrderedMap(map, OverlapTimeout);

    /// <summary>Checks exercise 2: <c>SafeCount</c> runs its threads at the same time, each calling <c>work()</c> once per step, and
    /// counts exactly the steps for which <c>work()</c> returned true.</summary>
    /// <param name="count">The answer: <c>SafeCount</c>, called as <c>count(threads, stepsEach, work)</c>.</param>
    /// <exception cref="ExerciseCheckException">"Not yet: …" when a count is lost or wrong, or the work did not run on that many threads at once.</exception>
    /// <remarks>Which steps count is decided afresh each round, so only counting the <c>true</c>s can give the expected total.</remarks>
    public static void SafeCount(Func<int, int, Func<bool>, int> count) => SafeCount(count, OverlapTimeout);

    internal static async Task OrderedMap(Func<IEnumerable<int>, Func<int, int>, Task<int[]>> map, TimeSpan overlapTimeout)
    {
        ArgumentNullException.ThrowIfNull(map);
        var items = Enumerable.Range(0, 12).ToArray();
        var random = new Random(42);                      // used here, on one thread, before any job starts
        var waits = items.Select(_ => random.Next(1, 20)).ToArray();
        var gate = new InFlightGate(2, overlapTimeout);
        var calls = 0;
        int Square(int n)
        {
            Interlocked.Increment(ref calls);
            gate.Enter();
            Thread.Sleep(waits[n]);                        // different lengths: the jobs finish out of order
            gate.Exit();
            return n * n;
        }

        var answer = await map(items, Square).ConfigureAwait(false) ?? [];
        var expected = items.Select(n => n * n).ToArray();
        if (calls != items.Length)
        {
            throw new ExerciseCheckException($"Not yet: your map called f {calls} times for {items.Length} items. Call it once per item.");
        }

        if (!answer.SequenceEqual(expected))
        {
            throw new ExerciseCheckException($"Not yet: expected [{string.Join(", ", expected)}] but got [{string.Join(", ", answer)}]. " +
                "Does the result keep the items' order?");
        }

        if (gate.Peak < 2)
        {
            throw new ExerciseCheckException($"Not yet: the results are right, but the jobs never ran at the same time (the first job waited " +
                $"{gate.Timeout.TotalSeconds:0.#} s for a second one beside it). Start every job (Task.Run) before you wait for any.");
        }

        Console.WriteLine($"✔ Ordered map on the thread pool works: {gate.ThreadCount} threads ran the jobs, up to {gate.Peak} at once.");
    }

    internal static void SafeCount(Func<int, int, Func<bool>, int> count, TimeSpan overlapTimeout)
    {
        ArgumentNullException.ThrowIfNull(count);
        for (var round = 0; round < 3; round++)
        {
            var gate = new InFlightGate(2, overlapTimeout);
            var tallies = new ConcurrentBag<Tally>();
            var slots = 0;
            var seed = Random.Shared.Next();
            using var perThread = new ThreadLocal<Tally>(() =>
            {
                var tally = new Tally(Interlocked.Increment(ref slots));
                tallies.Add(tally);
                gate.Enter();
                return tally;
            });
            bool Work()
            {
                var tally = perThread.Value!;
                var step = ++tally.Calls;
                var counts = (uint)HashCode.Combine(seed, tally.Slot, step) % 3 != 0;   // about two steps in three count
                tally.Counted += counts ? 1 : 0;
                if (step == IncrementsEach)
                {
                    gate.Exit();
                }

                return counts;
            }

            var got = count(Threads, IncrementsEach, Work);
            Verify(got, [.. tallies], gate);
        }

        Console.WriteLine($"✔ Every counted step was counted, three times in a row, with {Threads} threads working at once.");
    }

    private static void Verify(int got, List<Tally> tallies, InFlightGate gate)
    {
        var calls = tallies.Sum(t => t.Calls);
        var steps = Threads * IncrementsEach;
        var expected = tallies.Sum(t => t.Counted);
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        if (calls != steps)
        {
            throw new ExerciseCheckException($"Not yet: work() was called {N(calls)} times. Each of the {Threads} threads calls it once per " +
                $"step, {N(IncrementsEach)} times: {N(steps)} in all.");
        }

        if (tallies.Count(t => t.Calls > 0) != Threads || tallies.Any(t => t.Calls != IncrementsEach))
        {
            throw new ExerciseCheckException($"Not yet: the work ran on {tallies.Count(t => t.Calls > 0)} thread(s), " +
                $"[{string.Join(", ", tallies.Where(t => t.Calls > 0).Select(t => N(t.Calls)))}] calls each. Start {Threads} threads, " +
                $"each doing {N(IncrementsEach)} steps.");
        }

        if (gate.Peak < 2)
        {
            throw new ExerciseCheckException($"Not yet: the threads never ran at the same time (the first waited {gate.Timeout.TotalSeconds:0.#} s " +
                "for a second one). Start them all first, then join them all.");
        }

        if (got == steps)
        {
            throw new ExerciseCheckException($"Not yet: you returned {N(got)}, one for every step, but work() returned true only {N(expected)} " +
                "times. Count a step only when work() returns true.");
        }

        if (got != expected)
        {
            throw new ExerciseCheckException($"Not yet: work() returned true {N(expected)} times on {Threads} threads, but the count is {N(got)}. " +
                (got < expected ? "Counts were lost: is every increment atomic, on every thread?" : "Count each true once."));
        }
    }

    private sealed class Tally(int slot)
    {
        public int Slot { get; } = slot;

        public int Calls { get; set; }

        public int Counted { get; set; }
    }
}
