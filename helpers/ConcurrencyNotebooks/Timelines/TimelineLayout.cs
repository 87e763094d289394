using System.Diagnostics;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Decides the rows (lanes) and time origin every renderer shares, from one snapshot.</summary>
/// <remarks>Lanes: this process first ("main", then named or plain threads, then "pool #n" in order of first use),
/// then other processes by lane label and pid. Immutable once built; thread-safe to read.</remarks>
internal sealed class TimelineLayout
{
    private readonly Dictionary<(int Pid, int Tid), TimelineLane> _lanes;

    private TimelineLayout(Timeline timeline, IReadOnlyList<SpanRecord> spans, IReadOnlyList<CounterSample> counters, Dictionary<(int, int), TimelineLane> lanes)
    {
        Timeline = timeline;
        Spans = spans;
        Counters = counters;
        _lanes = lanes;
        Lanes = lanes.Values.OrderBy(l => l.Index).ToList();
        Origin = spans.Count == 0 ? timeline.StartTicks : Math.Min(timeline.StartTicks, spans.Min(s => s.StartTicks));
        End = spans.Count == 0 ? Origin : Math.Max(Origin, spans.Max(s => s.EndTicks));
    }

    /// <summary>Gets the timeline drawn.</summary>
    public Timeline Timeline { get; }

    /// <summary>Gets the snapshot drawn, ordered by start.</summary>
    public IReadOnlyList<SpanRecord> Spans { get; }

    /// <summary>Gets the counter samples drawn, ordered by time.</summary>
    public IReadOnlyList<CounterSample> Counters { get; }

    /// <summary>Gets the lanes, top first.</summary>
    public IReadOnlyList<TimelineLane> Lanes { get; }

    /// <summary>Gets time zero of the axis in <see cref="Stopwatch"/> ticks.</summary>
    public long Origin { get; }

    /// <summary>Gets the last end time in ticks.</summary>
    public long End { get; }

    /// <summary>Builds the layout of a fresh snapshot of <paramref name="timeline"/>.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <returns>The layout.</returns>
    public static TimelineLayout Build(Timeline timeline) => Build(timeline, timeline.Snapshot(), timeline.Counters);

    /// <summary>Builds the layout of <paramref name="spans"/>.</summary>
    /// <param name="timeline">The timeline (for its title, origin and main thread).</param>
    /// <param name="spans">The spans, ordered by start.</param>
    /// <param name="counters">The counter samples, ordered by time (none when omitted).</param>
    /// <returns>The layout.</returns>
    public static TimelineLayout Build(Timeline timeline, IReadOnlyList<SpanRecord> spans, IReadOnlyList<CounterSample>? counters = null)
    {
        // One entry per (process, thread) seen starting or ending a span, with its first time seen.
        var threads = new Dictionary<(int, int), (long First, int Managed, bool Pool, string? Name, string? Lane)>();
        void See(int pid, int tid, int managed, bool pool, string? name, string? lane, long at)
        {
            if (threads.TryGetValue((pid, tid), out var seen))
            {
                threads[(pid, tid)] = (Math.Min(at, seen.First), seen.Managed, seen.Pool, seen.Name ?? name, seen.Lane ?? lane);
            }
            else
            {
                threads[(pid, tid)] = (at, managed, pool, name, lane);
            }
        }

        foreach (var s in spans)
        {
            See(s.ProcessId, s.OsThreadId, s.ManagedThreadId, s.IsThreadPoolThread, s.ThreadName, s.Lane, s.StartTicks);
            if (s.EndOsThreadId != 0 && s.EndOsThreadId != s.OsThreadId)
            {
                See(s.ProcessId, s.EndOsThreadId, s.EndManagedThreadId, s.EndIsThreadPoolThread, null, s.Lane, s.EndTicks);
            }
        }

        var own = timeline.ProcessId;
        var ordered = threads
            .OrderBy(t => t.Key.Item1 == own ? 0 : 1)
            .ThenBy(t => t.Value.Lane ?? "", StringComparer.Ordinal)
            .ThenBy(t => t.Key.Item1)
            .ThenBy(t => t.Key.Item1 == own && t.Key.Item2 == timeline.MainOsThreadId ? 0 : t.Value.Pool ? 2 : 1)
            .ThenBy(t => t.Value.First)
            .ToList();

        var threadsPerProcess = ordered.GroupBy(t => t.Key.Item1).ToDictionary(g => g.Key, g => g.Count());
        var poolCounters = new Dictionary<int, int>();
        var lanes = new Dictionary<(int, int), TimelineLane>();
        foreach (var ((pid, tid), info) in ordered)
        {
            string threadName;
            if (pid == own && tid == timeline.MainOsThreadId)
            {
                threadName = "main";
            }
            else if (tid == RuntimeEvents.LaneThreadId)
            {
                threadName = RuntimeEvents.LaneName;
            }
            else if (info.Pool)
            {
                poolCounters[pid] = poolCounters.GetValueOrDefault(pid) + 1;
                threadName = $"pool #{poolCounters[pid]}";
            }
            else
            {
                threadName = $"thread {info.Name ?? info.Managed.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }

            string name;
            if (pid == own)
            {
                name = threadName;
            }
            else
            {
                var process = $"{info.Lane ?? "process"} (pid {pid})";
                name = threadsPerProcess[pid] > 1 ? $"{process} {threadName}" : process;
            }

            lanes[(pid, tid)] = new TimelineLane(lanes.Count, name, pid, tid, info.Managed, info.Pool);
        }

        return new TimelineLayout(timeline, spans, counters ?? [], lanes);
    }

    /// <summary>Gets the lane a span starts on.</summary>
    /// <param name="span">A span of this layout.</param>
    /// <returns>Its starting lane.</returns>
    public TimelineLane StartLane(SpanRecord span) => _lanes[(span.ProcessId, span.OsThreadId)];

    /// <summary>Gets the lane a span ends on.</summary>
    /// <param name="span">A span of this layout.</param>
    /// <returns>Its ending lane.</returns>
    public TimelineLane EndLane(SpanRecord span) =>
        _lanes.TryGetValue((span.ProcessId, span.EndOsThreadId), out var lane) ? lane : StartLane(span);

    /// <summary>Converts a timestamp to milliseconds since <see cref="Origin"/>.</summary>
    /// <param name="ticks">A <see cref="Stopwatch"/> timestamp.</param>
    /// <returns>Milliseconds on the axis.</returns>
    public double Milliseconds(long ticks) => (ticks - Origin) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Describes a lane for hover text and legends: name plus ids.</summary>
    /// <param name="lane">The lane.</param>
    /// <returns>Text such as "pool #2 (OS tid 1234, managed 7, pool thread)".</returns>
    public static string Describe(TimelineLane lane) =>
        $"{lane.Name} (OS tid {lane.OsThreadId}, managed {lane.ManagedThreadId}{(lane.IsThreadPoolThread ? ", pool thread" : "")})";
}
