using System.Diagnostics;
using System.Globalization;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Runs thread-pool experiments, each case in a fresh worker process, so the pool starts from nothing whatever
/// the notebook did before; their jobs and thread counts land on the notebook's timeline.</summary>
/// <example><code>
/// var lab = new Timeline("12 jobs, three ways");
/// var runs = await ThreadPoolLab.RunAsync(lab, 12, 1, ThreadPoolLabCase.ThreadSleep, ThreadPoolLabCase.TaskWait, ThreadPoolLabCase.Await);
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
    public static async Task<IReadOnlyList<ThreadPoolLabRun>> RunAsync(Timeline timeline, int jobs, double seconds, params ThreadPoolLabCase[] cases)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jobs, 200);
        var milliseconds = Demo.Seconds(seconds).TotalMilliseconds;
        var runs = await Task.WhenAll(cases.Select(c => RunFreshAsync(new ThreadPoolLabRequest(c, jobs, milliseconds)))).ConfigureAwait(false);
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
    public static string Compare(IEnumerable<ThreadPoolLabRun> runs)
    {
        var ordered = runs.OrderBy(r => r.Elapsed).ToList();
        if (ordered.Count < 2)
        {
            return "Nothing to compare: run at least two cases.";
        }

        var list = string.Join(", ", ordered.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Case.Name} {r.Elapsed.TotalMilliseconds:N0} ms")));
        var ratio = ordered[^1].Elapsed / ordered[0].Elapsed;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Fastest to slowest: {list}. The slowest took {ratio:F1}× as long as the fastest, for the same waits.");
        var starved = ordered.Where(r => r.WasStarved).Select(r => r.Case.Name).ToList();
        return starved.Count == 0 ? text
            : text + $" ({string.Join(" and ", starved)} went without CPU for a while: " +
                (starved.Count == 1 ? "its time says" : "their times say") + " as much about the busy machine as about the pool.)";
    }

    /// <summary>Says how many job lengths each case took from queuing to the last job's end, and whether awaiting was fastest.</summary>
    /// <param name="runs">The runs to report, awaiting and blocking cases.</param>
    /// <returns>Two sentences, written from the measurement.</returns>
    public static string JobLengths(IEnumerable<ThreadPoolLabRun> runs)
    {
        var all = runs.ToList();
        if (all.Count == 0)
        {
            return "No lab runs to report.";
        }

        static double Lengths(ThreadPoolLabRun r) => r.Elapsed.TotalMilliseconds / r.JobMilliseconds;
        var list = string.Join(", ", all.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Case.Name} {Lengths(r):F1}")));
        var jobs = all.Select(r => r.Spans.Count).Distinct().ToList();
        var text = $"In the lab's fresh processes, {(jobs.Count == 1 ? $"{jobs[0]} jobs" : "the jobs")} took {list} job lengths.";
        var awaiting = all.Where(r => r.Case.Jobs == ThreadPoolLabJobs.Await).ToList();
        var blocking = all.Where(r => r.Case.Jobs != ThreadPoolLabJobs.Await).ToList();
        if (awaiting.Count == 0 || blocking.Count == 0)
        {
            return text;
        }

        var (fastAwait, fastBlock) = (awaiting.Min(Lengths), blocking.Min(Lengths));
        return text + (fastAwait < fastBlock * 0.9
            ? " Awaiting was the fastest: no job waited for a thread."
            : " The blocking cases kept up this time: their pools added threads fast enough.");
    }

    /// <summary>Explains the naive map's time: how many rounds of sleep <paramref name="jobs"/> blocking jobs need on
    /// <paramref name="minWorkers"/> threads, beside how many job lengths were measured, and what a difference means.</summary>
    /// <param name="jobs">How many blocking jobs ran at once.</param>
    /// <param name="minWorkers">The pool's worker minimum (<c>ThreadPool.GetMinThreads</c>).</param>
    /// <param name="measuredLengths">The measured time in job lengths.</param>
    /// <returns>One sentence, written from the numbers.</returns>
    public static string ExplainRounds(int jobs, int minWorkers, double measuredLengths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minWorkers, 1);
        var rounds = (int)Math.Ceiling((double)jobs / minWorkers);
        var measured = measuredLengths.ToString("F1", CultureInfo.InvariantCulture);
        var verdict = Math.Abs(measuredLengths - rounds) < 0.5 ? "as that predicts."
            : measuredLengths < rounds
                ? $"fewer, so more than {minWorkers} threads ran them (this kernel's pool kept threads from earlier cells, or added some)."
                : "more: the jobs waited for threads longer than the minimum alone explains.";
        return $"{jobs} blocking jobs on {minWorkers} threads would take {rounds} round{(rounds == 1 ? "" : "s")} of sleep; " +
            $"we measured {measured}: {verdict}";
    }

    /// <summary>Runs one case in this process and returns what it measured; <see cref="RunAsync"/> calls it in a fresh worker.</summary>
    /// <param name="request">The case, the number of jobs and each job's wait.</param>
    /// <returns>The measurement.</returns>
    /// <remarks>Call it from a thread that is not a pool thread (a worker's main thread), so waiting for the jobs does
    /// not itself count as a blocked pool thread. The minimum is only ever raised: <c>Math.Max(current, wanted)</c>.</remarks>
    public static ThreadPoolLabRun RunHere(ThreadPoolLabRequest request)
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
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var queued = Stopwatch.GetTimestamp();
        var jobs = Enumerable.Range(0, request.Jobs).Select(n => Job(timeline, request.Case.Jobs, $"job {n}", wait)).ToArray();
        Task.WaitAll(jobs);
        var done = Stopwatch.GetTimestamp();
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore) / Stopwatch.GetElapsedTime(queued, done) / Environment.ProcessorCount;
        sampler.Dispose();
        runtimeEvents.Dispose(); // waits for the events still in flight
        var threads = timeline.Counters.Where(c => c.Name == CounterSample.PoolThreads).ToList();
        var spans = timeline.Snapshot();
        return new ThreadPoolLabRun
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
            CpuPercent = Math.Round(100 * cpu, 1),
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

    private static Task Job(Timeline timeline, ThreadPoolLabJobs kind, string label, TimeSpan wait) => kind switch
    {
        ThreadPoolLabJobs.ThreadSleep => Task.Run(() => timeline.Record(label, () => Thread.Sleep(wait))),
        ThreadPoolLabJobs.TaskWait => Task.Run(() => timeline.Record(label, () => Task.Delay(wait).Wait())),
        ThreadPoolLabJobs.Await => Task.Run(() => timeline.RecordAsync(label, () => Task.Delay(wait))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of job."),
    };

    private static async Task<ThreadPoolLabRun> RunFreshAsync(ThreadPoolLabRequest request)
    {
        await using var pool = new ProcessPool(1, new ProcessPoolOptions { EchoWorkerOutput = false });
        return await pool.SubmitAsync(RunHere, request).ConfigureAwait(false);
    }
}
