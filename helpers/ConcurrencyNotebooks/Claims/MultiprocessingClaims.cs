using System.Globalization;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Claims;

/// <summary>The claims notebook 3 makes about worker processes, each checked against what a run measured.</summary>
public static class MultiprocessingClaims
{
    /// <summary>Claims the pool's workers are <paramref name="workers"/> distinct processes, none of them this notebook.</summary>
    /// <param name="processIds">The pool's worker process ids (<c>pool.ProcessIds</c>).</param>
    /// <param name="workers">How many workers the pool was given.</param>
    /// <exception cref="ClaimFailedException">The ids are fewer, repeated, or include this process.</exception>
    public static void WorkersAreSeparateProcesses(IReadOnlyList<int> processIds, int workers)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        var distinct = processIds.Distinct().Count();
        Claim.That(distinct == workers && !processIds.Contains(Environment.ProcessId),
            $"the pool runs {workers} worker processes, none of them the notebook",
            $"{distinct} distinct pid(s) [{string.Join(", ", processIds)}] beside the notebook's pid {Environment.ProcessId}");
    }

    /// <summary>Claims the timeline shows one lane per worker that ran an item, and that a warmed pool handed each idle
    /// worker one of the first chunks; returns a sentence that says how many lanes that makes and why.</summary>
    /// <param name="timeline">The timeline the pool recorded into.</param>
    /// <param name="workers">The pool's worker count.</param>
    /// <param name="items">How many items were mapped.</param>
    /// <param name="chunkSize">The chunk size given to the map.</param>
    /// <returns>One sentence, such as "8 items in chunks of 1 make 8 chunks for 4 workers: 4 lanes, one per worker that ran a chunk."</returns>
    /// <exception cref="ClaimFailedException">A lane is not one worker, or fewer workers ran chunks than a warmed pool gives out.</exception>
    public static string OneLanePerWorker(Timeline timeline, int workers, int items, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var lanes = timeline.WorkerLanes();
        var ran = timeline.WorkerProcessesThatRan();
        Claim.Equal(lanes.Count, ran.Count, "the timeline has one lane per worker process that ran an item");
        var chunks = (items + chunkSize - 1) / chunkSize;
        var expected = Math.Min(workers, chunks);
        Claim.Equal(ran.Count, expected,
            $"a warmed pool of {workers} workers hands each idle worker one of the first chunks, so {chunks} chunk(s) run in {expected} worker(s)");
        var idle = workers - expected;
        var rest = idle > 0 ? $"; {idle} worker(s) got no chunk, so they have no lane." : ".";
        return $"{items} items in chunks of {chunkSize} make {chunks} chunk(s) for {workers} worker(s): {lanes.Count} lane(s), " +
            $"one per worker that ran a chunk{rest}";
    }

    /// <summary>Compares the measured costs of a new thread, a pool task, a new process and a warm pool call in sentences,
    /// and claims a warm pool call costs less than a new process.</summary>
    /// <param name="threadCost">Starting and joining one empty thread.</param>
    /// <param name="task">Running one empty task on the thread pool and waiting for it.</param>
    /// <param name="process">Starting one worker process with an empty function and waiting for it to exit.</param>
    /// <param name="warmCall">One map of one item on a warm pool.</param>
    /// <returns>Three lines of text.</returns>
    /// <exception cref="ClaimFailedException">The warm call cost as much as a new process.</exception>
    public static string CompareCosts(TimeSpan threadCost, TimeSpan task, TimeSpan process, TimeSpan warmCall)
    {
        Claim.AtMost(warmCall.TotalMicroseconds, process.TotalMicroseconds,
            "a call to a warm pool costs less than starting a new process (µs)");
        var cheaper = warmCall < threadCost;
        var why = cheaper ? "less than starting and joining a thread: the worker process and its pipes exist already."
            : "more than starting and joining a thread: it crosses to another process and back.";
        var thread = N(process / threadCost);
        return $"A new process costs about {thread}× a new thread, and {N(process / task)}× a thread-pool task.\n" +
            $"Reusing a warm pool brings one call down to {N(warmCall.TotalMicroseconds)} µs: start the pool once and keep it.\n" +
            $"Here a warm call costs {why}";
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
