using System.Diagnostics;
using System.Globalization;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Holds what one thread-pool lab case measured in its own fresh process: each job's span, the pool's thread count over time.</summary>
/// <remarks>Times are <see cref="Stopwatch"/> ticks, system-wide on Linux, so they sit on the parent's timeline as they are.
/// <see cref="ToString"/> says what happened, in words generated from these numbers only.</remarks>
public sealed record PoolLabRun
{
    /// <summary>Gets the case that ran.</summary>
    public required PoolLabCase Case { get; init; }

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
            var stretch = LongestQueuedWithoutNewThread;
            text += string.Create(CultureInfo.InvariantCulture,
                $" Jobs sat in the queue for up to {stretch.TotalMilliseconds:N0} ms with no new thread") +
                (stretch > TimeSpan.FromSeconds(1.2)
                    ? ": longer than the 0.5 to 1 s the starvation check takes on a quiet machine, so the CPU was busy " +
                        "(the pool waits longer then)."
                    : ".");
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

    /// <summary>Gets the reasons the runtime itself gave for changing the pool's thread count (its
    /// ThreadPoolWorkerThreadAdjustment events), with how often each was given, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> AdjustmentReasons =>
        RuntimeSpans.Where(s => s.Kind == SpanKind.Marker && s.Label.StartsWith("pool → ", StringComparison.Ordinal)
                && s.Label.Contains(ReasonStart, StringComparison.Ordinal) && s.Label.EndsWith(')'))
            .Select(s => s.Label[(s.Label.IndexOf(ReasonStart, StringComparison.Ordinal) + ReasonStart.Length)..^1])
            .GroupBy(reason => reason)
            .Select(group => (group.Key, group.Count()))
            .OrderByDescending(reason => reason.Item2)
            .ToList();

    /// <summary>Gets the highest thread count the runtime's adjustment events named, or 0 when it sent none.</summary>
    public int HighestReportedTarget =>
        RuntimeSpans.Where(s => s.Kind == SpanKind.Marker && s.Label.StartsWith("pool → ", StringComparison.Ordinal))
            .Select(s => int.TryParse(s.Label["pool → ".Length..].Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>Says why the runtime changed the pool's thread count, in its own words, or that it did not; and says so
    /// when the pool grew past the last target an event named (not every change came with an event).</summary>
    /// <returns>One or two sentences.</returns>
    public string DescribeAdjustments()
    {
        var said = AdjustmentReasons.Count == 0
            ? $"{Case.Name}: the runtime reported no change to the pool's thread count."
            : $"{Case.Name}: the runtime changed the thread count {Times(AdjustmentReasons.Sum(r => r.Count))}, because of " +
              string.Join(", ", AdjustmentReasons.Select(r => $"{r.Reason} ×{r.Count}")) + ".";
        return PeakThreads > HighestReportedTarget && AdjustmentReasons.Count > 0
            ? said + $" The pool grew to {Threads(PeakThreads)}, past the {HighestReportedTarget} its events named: " +
              "not every change came with an event here."
            : said;
    }

    // The runtime-event recorder labels a thread-count change "pool → 4 threads (starvation)".
    private const string ReasonStart = " threads (";

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";

    private static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";
}
