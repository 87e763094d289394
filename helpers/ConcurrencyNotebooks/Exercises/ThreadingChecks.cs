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

    /// <summary>Checks exercise 2: <c>SafeCount</c> runs its threads at the same time, each calling <c>work()</c> once per increment, and loses none.</summary>
    /// <param name="count">The answer: <c>SafeCount</c>, called as <c>count(threads, incrementsEach, work)</c>.</param>
    /// <exception cref="ExerciseCheckException">"Not yet: …" when an increment is lost, or the work did not run on that many threads at once.</exception>
    public static void SafeCount(Func<int, int, Action, int> count) => SafeCount(count, OverlapTimeout);

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

    internal static void SafeCount(Func<int, int, Action, int> count, TimeSpan overlapTimeout)
    {
        ArgumentNullException.ThrowIfNull(count);
        for (var round = 0; round < 3; round++)
        {
            var gate = new InFlightGate(2, overlapTimeout);
            var boxes = new ConcurrentBag<StrongBox<int>>();
            using var perThread = new ThreadLocal<StrongBox<int>>(() =>
            {
                var box = new StrongBox<int>();
                boxes.Add(box);
                gate.Enter();
                return box;
            });
            void Work()
            {
                if (++perThread.Value!.Value == IncrementsEach)
                {
                    gate.Exit();
                }
            }

            var got = count(Threads, IncrementsEach, Work);
            Verify(got, boxes.Select(b => b.Value).ToList(), gate);
        }

        Console.WriteLine($"✔ No increment lost, three times in a row, with {Threads} threads working at once.");
    }

    private static void Verify(int got, List<int> callsPerThread, InFlightGate gate)
    {
        var calls = callsPerThread.Sum();
        var expected = Threads * IncrementsEach;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        if (calls != expected)
        {
            throw new ExerciseCheckException($"Not yet: work() was called {N(calls)} times. Each of the {Threads} threads calls it once per " +
                $"increment, {N(IncrementsEach)} times: {N(expected)} in all.");
        }

        if (callsPerThread.Count(c => c > 0) != Threads || callsPerThread.Any(c => c != IncrementsEach))
        {
            throw new ExerciseCheckException($"Not yet: the work ran on {callsPerThread.Count(c => c > 0)} thread(s), " +
                $"[{string.Join(", ", callsPerThread.Where(c => c > 0).Select(N))}] calls each. Start {Threads} threads, " +
                $"each doing {N(IncrementsEach)} increments.");
        }

        if (gate.Peak < 2)
        {
            throw new ExerciseCheckException($"Not yet: the threads never ran at the same time (the first waited {gate.Timeout.TotalSeconds:0.#} s " +
                "for a second one). Start them all first, then join them all.");
        }

        if (got != expected)
        {
            throw new ExerciseCheckException($"Not yet: {Threads} threads × {N(IncrementsEach)} increments gave {N(got)}, not {N(expected)}. " +
                "Is every increment atomic?");
        }
    }
}
