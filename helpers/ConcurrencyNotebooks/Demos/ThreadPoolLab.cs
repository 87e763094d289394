using System.Diagnostics;
using System.Globalization;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Runs thread-pool experiments, each case in a fresh worker process, so the pool starts from nothing whatever
/// the notebook did before; their jobs and thread counts land on the notebook's timeline.</summary>
/// <example><code>
/// var lab = new Timeline("12 jobs, three ways");
/// var runs = await ThreadPoolLab.RunAsync(lab, 12, 1, PoolLabCase.ThreadSleep, PoolLabCase.TaskWait, PoolLabCase.Await);
/// lab
/// </code></example>
public static class ThreadPoolLab
{
    /// <summary>Runs each case at the same time, each in a fresh process, and adds their spans and thread counts to <paramref name="timeline"/>.</summary>
    /// <param name="timeline">The notebook's timeline: one lane per job thread, one thread-count line per case.</param>
    /// <param name="jobs">How many jobs each case queues at once.</param>
    /// <param name="seconds">How long each job waits, in the guide's seconds (scaled by <see cref="Demo.TimeScale"/>).</param>
    /// <param name="cases">The cases.</param>
    /// <returns>What each case measured, in the order given.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="jobs"/> is not 1 to 200.</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop (the workers are killed).</exception>
    public static async Task<IReadOnlyList<PoolLabRun>> RunAsync(Timeline timeline, int jobs, double seconds, params PoolLabCase[] cases)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jobs, 200);
        var milliseconds = Demo.Seconds(seconds).TotalMilliseconds;
        var runs = await Task.WhenAll(cases.Select(c => RunFreshAsync(new PoolLabRequest(c, jobs, milliseconds)))).ConfigureAwait(false);
        foreach (var run in runs)
        {
            timeline.Add(run.Spans.Concat(run.RuntimeSpans).Select(s => s with { Lane = run.Case.Name }));
            var name = $"{CounterSample.PoolThreads} · {run.Case.Name}";
            timeline.TryAddCounterSamples(run.PoolThreads.Select(c => c with { Name = name }).ToList());
        }

        return runs;
    }

    /// <summary>Says which case finished first and which last, from the measurements.</summary>
    /// <param name="runs">The runs to compare.</param>
    /// <returns>One line, fastest first.</returns>
    public static string Compare(IEnumerable<PoolLabRun> runs)
    {
        var ordered = runs.OrderBy(r => r.Elapsed).ToList();
        if (ordered.Count < 2)
        {
            return "Nothing to compare: run at least two cases.";
        }

        var list = string.Join(", ", ordered.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Case.Name} {r.Elapsed.TotalMilliseconds:N0} ms")));
        var ratio = ordered[^1].Elapsed / ordered[0].Elapsed;
        return string.Create(CultureInfo.InvariantCulture,
            $"Fastest to slowest: {list}. The slowest took {ratio:F1}× as long as the fastest, for the same waits.");
    }

    /// <summary>Runs one case in this process and returns what it measured; <see cref="RunAsync"/> calls it in a fresh worker.</summary>
    /// <param name="request">The case, the number of jobs and each job's wait.</param>
    /// <returns>The measurement.</returns>
    /// <remarks>Call it from a thread that is not a pool thread (a worker's main thread), so waiting for the jobs does
    /// not itself count as a blocked pool thread. The minimum is only ever raised: <c>Math.Max(current, wanted)</c>.</remarks>
    public static PoolLabRun RunHere(PoolLabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThreadPool.GetMinThreads(out var minBefore, out var io);
        ThreadPool.SetMinThreads(Math.Max(minBefore, request.Case.MinThreads), io);
        ThreadPool.GetMinThreads(out var min, out _);
        var wait = TimeSpan.FromMilliseconds(request.JobMilliseconds);
        WarmUp();
        using var timeline = new Timeline(request.Case.Name);
        var sampler = new ThreadPoolSampler(timeline, TimeSpan.FromMilliseconds(10), cell: null);
        var runtimeEvents = timeline.RecordRuntimeEvents(); // each thread-count change with the runtime's own reason
        var startThreads = ThreadPool.ThreadCount;
        var queued = Stopwatch.GetTimestamp();
        var jobs = Enumerable.Range(0, request.Jobs).Select(n => Job(timeline, request.Case.Jobs, $"job {n}", wait)).ToArray();
        Task.WaitAll(jobs);
        var done = Stopwatch.GetTimestamp();
        sampler.Dispose();
        runtimeEvents.Dispose(); // waits for the events still in flight
        var threads = timeline.Counters.Where(c => c.Name == CounterSample.PoolThreads).ToList();
        var spans = timeline.Snapshot();
        return new PoolLabRun
        {
            Case = request.Case,
            JobMilliseconds = request.JobMilliseconds,
            ProcessId = Environment.ProcessId,
            MinThreadsBefore = minBefore,
            MinThreads = min,
            StartThreads = startThreads,
            PeakThreads = threads.Count == 0 ? startThreads : (int)threads.Max(c => c.Value),
            QueuedTicks = queued,
            DoneTicks = done,
            Spans = spans.Where(s => !IsRuntime(s)).ToList(),
            RuntimeSpans = spans.Where(IsRuntime).ToList(),
            PoolThreads = threads,
        };
    }

    private static bool IsRuntime(SpanRecord span) =>
        span.Kind == SpanKind.Runtime || span.OsThreadId == RuntimeEvents.LaneThreadId;

    /// <summary>Compiles the recording paths before the clock starts, without touching the pool (so it stays empty).</summary>
    private static void WarmUp()
    {
        using var warm = new Timeline("warm-up");
        warm.Record("sync", () => Thread.Sleep(0));
        warm.RecordAsync("async", () => Task.CompletedTask).Wait();
        _ = warm.Snapshot();
    }

    private static Task Job(Timeline timeline, PoolLabJobs kind, string label, TimeSpan wait) => kind switch
    {
        PoolLabJobs.ThreadSleep => Task.Run(() => timeline.Record(label, () => Thread.Sleep(wait))),
        PoolLabJobs.TaskWait => Task.Run(() => timeline.Record(label, () => Task.Delay(wait).Wait())),
        PoolLabJobs.Await => Task.Run(() => timeline.RecordAsync(label, () => Task.Delay(wait))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of job."),
    };

    private static async Task<PoolLabRun> RunFreshAsync(PoolLabRequest request)
    {
        await using var pool = new ProcessPool(1, new ProcessPoolOptions { EchoWorkerOutput = false });
        return await pool.SubmitAsync(RunHere, request).ConfigureAwait(false);
    }
}
