using System.Diagnostics;
using System.Globalization;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Holds what one thread-pool lab case measured in its own fresh process: each job's span, the pool's thread count over time.</summary>
/// <remarks>Times are <see cref="Stopwatch"/> ticks, system-wide on Linux, so they sit on the parent's timeline as they are.
/// <see cref="ToString"/> says what happened, in words generated from these numbers only.</remarks>
public sealed record ThreadPoolLabRun
{
    /// <summary>Gets the case that ran.</summary>
    public required ThreadPoolLabCase Case { get; init; }

    /// <summary>Gets how long each job waited, in milliseconds.</summary>
    public double JobMilliseconds { get; init; }

    /// <summary>Gets the id of the fresh process the case ran in.</summary>
    public int ProcessId { get; init; }

    /// <summary>Gets the pool's worker minimum before the case changed anything.</summary>
    public int MinThreadsBefore { get; init; }

    /// <summary>Gets the pool's worker minimum while the jobs ran.</summary>
    public int MinThreads { get; init; }

    /// <summary>Gets the pool's thread count just before the jobs were queued.</summary>
    public int StartThreads { get; init; }

    /// <summary>Gets the most threads the pool had while the jobs ran.</summary>
    public int PeakThreads { get; init; }

    /// <summary>Gets when the jobs were queued.</summary>
    public long QueuedTicks { get; init; }

    /// <summary>Gets when the last job ended.</summary>
    public long DoneTicks { get; init; }

    /// <summary>Gets one span per job, with the threads it started and ended on.</summary>
    public IReadOnlyList<SpanRecord> Spans { get; init; } = [];

    /// <summary>Gets what the runtime itself reported meanwhile: thread-count changes with their reason, GC pauses, lock waits.</summary>
    public IReadOnlyList<SpanRecord> RuntimeSpans { get; init; } = [];

    /// <summary>Gets the pool's thread count over time.</summary>
    public IReadOnlyList<CounterSample> PoolThreads { get; init; } = [];

    /// <summary>Gets how long from queuing the jobs until the last one ended.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(QueuedTicks, DoneTicks);

    /// <summary>Gets how long after queuing the last job started.</summary>
    public TimeSpan LastStart => Spans.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(QueuedTicks, Spans.Max(s => s.StartTicks));

    /// <summary>Gets the window counted as "at once": a tenth of a job's wait.</summary>
    public TimeSpan AtOnceWindow => TimeSpan.FromMilliseconds(JobMilliseconds / 10);

    /// <summary>Gets how long after queuing the first job started (a fresh process creates its first threads then).</summary>
    public TimeSpan FirstStart => Spans.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(QueuedTicks, Spans.Min(s => s.StartTicks));

    /// <summary>Gets how many jobs started within <see cref="AtOnceWindow"/> of the first.</summary>
    public int StartedAtOnce => Spans.Count == 0 ? 0
        : Spans.Count(s => Stopwatch.GetElapsedTime(Spans.Min(f => f.StartTicks), s.StartTicks) <= AtOnceWindow);

    /// <summary>Gets how many distinct threads started a job.</summary>
    public int JobThreads => Spans.Select(s => s.OsThreadId).Distinct().Count();

    /// <summary>Gets how long from the first job's start until the last one ended.</summary>
    public TimeSpan FromFirstStart => Spans.Count == 0 ? TimeSpan.Zero
        : Stopwatch.GetElapsedTime(Spans.Min(s => s.StartTicks), DoneTicks);

    /// <summary>Gets the longest gap between two thread-count samples, taken every 10 ms: how long the worker got no CPU.</summary>
    public TimeSpan LongestSampleGap => PoolThreads.Count < 2 ? TimeSpan.Zero
        : TimeSpan.FromTicks(PoolThreads.Zip(PoolThreads.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.Ticks, b.Ticks).Ticks).Max());

    /// <summary>Gets the longest stretch, while jobs were still queued, in which the pool's thread count did not grow.</summary>
    public TimeSpan LongestQueuedWithoutNewThread
    {
        get
        {
            if (Spans.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var lastStart = Spans.Max(s => s.StartTicks);
            var growth = PoolThreads.Where((c, i) => c.Value > (i == 0 ? StartThreads : PoolThreads[i - 1].Value))
                .Select(c => c.Ticks).Where(t => t > QueuedTicks && t < lastStart);
            var points = growth.Prepend(QueuedTicks).Append(lastStart).ToList();
            return TimeSpan.FromTicks(points.Zip(points.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).Ticks).Max());
        }
    }

    /// <summary>Gets the worker process's own CPU use while the jobs ran, in percent of all its cores
    /// (<see cref="System.Diagnostics.Process.TotalProcessorTime"/> ÷ wall time ÷ cores): the figure the pool's starvation check reads.</summary>
    public double CpuPercent { get; init; }

    /// <summary>Gets the longest time, from queuing until the last job started, in which no job was picked up (started).</summary>
    public TimeSpan LongestPickupGap
    {
        get
        {
            if (Spans.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var points = Spans.Select(s => s.StartTicks).Order().Prepend(QueuedTicks).ToList();
            return TimeSpan.FromTicks(points.Zip(points.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).Ticks).Max());
        }
    }

    /// <summary>Gets the process CPU use, in percent of all cores, from which the starvation check waits goal × 1 s
    /// instead of 500 ms (<c>CpuUtilizationLow</c> in dotnet/runtime's PortableThreadPool.cs).</summary>
    public const double CpuUtilizationLow = 80;

    /// <summary>Gets the quiet starvation threshold: no pickup for longer than this adds a thread (<c>GateActivitiesPeriodMs</c>).</summary>
    public static TimeSpan QuietStarvationThreshold { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Says why queued jobs waited without a new thread: which starvation threshold applied, from this worker's own CPU
    /// use, and whether the longest gap between pickups passed it.</summary>
    /// <returns>Two or three sentences, written from the measurement.</returns>
    public string ExplainQueueWait()
    {
        var stretch = LongestQueuedWithoutNewThread;
        var gap = LongestPickupGap;
        var busy = CpuPercent >= CpuUtilizationLow;
        var threshold = busy ? TimeSpan.FromSeconds(Math.Max(1, MinThreads)) : QuietStarvationThreshold;
        var rule = busy
            ? $"the thread goal × 1 s (at least {threshold.TotalSeconds:N0} s here), because this worker's own CPU use averaged " +
              $"{CpuPercent:F0}% of its cores, at or above the pool's {CpuUtilizationLow:F0}%"
            : $"{threshold.TotalMilliseconds:N0} ms, because this worker's own CPU use averaged {CpuPercent:F0}% of its cores, " +
              $"below the {CpuUtilizationLow:F0}% at which that becomes the thread goal × 1 s";
        var starvation = AdjustmentReasons.Where(r => r.Reason == "starvation").Sum(r => r.Count);
        var verdict = gap <= threshold
            ? "never over the threshold, so the check had no reason to add a thread: a job waiting in the queue is not what it looks at."
            : starvation > 0
                ? $"over the threshold, and the runtime raised the goal for starvation {Times(starvation)}."
                : "over the threshold, yet the runtime reported no starvation adjustment in this run: the check has further conditions " +
                  "(a pending request for a thread, every thread of the goal busy, no blocking adjustment under way; " +
                  "see GateThread.cs).";
        return string.Create(CultureInfo.InvariantCulture,
            $"Jobs sat in the queue for up to {stretch.TotalMilliseconds:N0} ms with no new thread. The starvation check adds a thread " +
            $"only when no job has been picked up or finished for longer than {rule}. The longest gap between two pickups here was " +
            $"{gap.TotalMilliseconds:N0} ms, {verdict}");
    }

    /// <summary>Gets the sampling gap above which the worker counts as starved of CPU.</summary>
    public static TimeSpan StarvedGap { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets whether the worker went without CPU for longer than <see cref="StarvedGap"/>.</summary>
    public bool WasStarved => LongestSampleGap > StarvedGap;

    /// <summary>Says what happened, from the measurement: start and peak thread counts, when jobs started, how long it took.</summary>
    /// <returns>One paragraph.</returns>
    public override string ToString()
    {
        var minimum = MinThreads == MinThreadsBefore
            ? $"its minimum is {MinThreads}"
            : $"its minimum was raised from {MinThreadsBefore} to {MinThreads}";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Case.Name} (pid {ProcessId}): the pool had {Threads(StartThreads)} when {Spans.Count} jobs were queued " +
            $"({minimum}) and grew to {PeakThreads}. The first job started after {FirstStart.TotalMilliseconds:N0} ms; " +
            $"{StartedAtOnce} of {Spans.Count} started within {AtOnceWindow.TotalMilliseconds:N0} ms of it, " +
            $"the last after {LastStart.TotalMilliseconds:N0} ms; " +
            $"{Threads(JobThreads)} started jobs. All were done after {Elapsed.TotalMilliseconds:N0} ms, " +
            $"{FromFirstStart.TotalMilliseconds / JobMilliseconds:F1} job lengths after the first job started.");
        if (StartedAtOnce < Spans.Count)
        {
            text += " " + ExplainQueueWait();
        }

        if (WasStarved)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $" Note: this worker was starved of CPU for {LongestSampleGap.TotalMilliseconds:N0} ms " +
                $"(its thread count, sampled every 10 ms, went unrecorded that long): the machine is busy, " +
                $"and its times include waiting for a core.");
        }

        return text;
    }

    /// <summary>Gets the reasons the runtime itself gave for changing the pool's thread goal (its
    /// ThreadPoolWorkerThreadAdjustment events), with how often each was given, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> AdjustmentReasons =>
        RuntimeSpans.Where(s => IsAdjustment(s) && s.Label.Contains(ReasonStart, StringComparison.Ordinal) && s.Label.EndsWith(')'))
            .Select(s => s.Label[(s.Label.IndexOf(ReasonStart, StringComparison.Ordinal) + ReasonStart.Length)..^1])
            .GroupBy(reason => reason)
            .Select(group => (group.Key, group.Count()))
            .OrderByDescending(reason => reason.Item2)
            .ToList();

    /// <summary>Gets the highest thread goal the runtime's adjustment events named, or 0 when it sent none.</summary>
    public int HighestReportedTarget =>
        RuntimeSpans.Where(IsAdjustment)
            .Select(s => int.TryParse(s.Label[(s.Label.IndexOf('→') + 2)..].Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>Says why the runtime changed the pool's thread goal, in its own words, or that it did not; and says so
    /// when the pool had more threads than the highest goal an event named (not every change came with an event).</summary>
    /// <returns>One or two sentences.</returns>
    public string DescribeAdjustments()
    {
        var goals = RuntimeSpans.Where(IsAdjustment).OrderBy(s => s.StartTicks)
            .Select(s => s.Label[(s.Label.IndexOf('→') + 2)..].Split(' ')[0]).ToList();
        var said = AdjustmentReasons.Count == 0
            ? $"{Case.Name}: the runtime reported no change to the pool's thread goal."
            : $"{Case.Name}: the runtime changed the pool's thread goal {Times(AdjustmentReasons.Sum(r => r.Count))} " +
              $"(goals {string.Join(", ", goals)}; the thread count peaked at {PeakThreads}), because of " +
              string.Join(", ", AdjustmentReasons.Select(r => $"{r.Reason} ×{r.Count}")) + ".";
        return PeakThreads > HighestReportedTarget && AdjustmentReasons.Count > 0
            ? said + $" The pool had {Threads(PeakThreads)}, more than the highest goal its events named ({HighestReportedTarget}): " +
              "not every change came with an event here."
            : said;
    }

    /// <summary>Checks the lesson's claim that a pool whose jobs block in <c>.Wait()</c> grows for that reason: when it grew past its
    /// minimum, the runtime must have given blocking as a reason.</summary>
    /// <exception cref="Claims.ClaimFailedException">The pool grew, and no adjustment named blocking.</exception>
    public void CheckBlockingReported() =>
        Claims.Claim.That(PeakThreads <= MinThreads || AdjustmentReasons.Any(r => r.Reason.StartsWith("blocking", StringComparison.Ordinal)),
            $"{Case.Name}'s pool grows past its minimum because the runtime sees the blocked waits",
            $"growth to {Threads(PeakThreads)} (minimum {MinThreads}) with reasons: " +
            (AdjustmentReasons.Count == 0 ? "none" : string.Join(", ", AdjustmentReasons.Select(r => r.Reason))));

    private static bool IsAdjustment(SpanRecord s) =>
        s.Kind == SpanKind.Marker && s.Label.StartsWith(RuntimeEvents.GoalMarkerPrefix, StringComparison.Ordinal);

    // The runtime-event recorder labels a goal change "pool goal → 4 threads (starvation)".
    private const string ReasonStart = " threads (";

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";

    private static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";
}
