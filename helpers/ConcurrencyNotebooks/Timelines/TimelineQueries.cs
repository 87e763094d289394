using System.Diagnostics;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Answers the questions a lesson asks of a timeline: how many spans ran at once, whether they overlapped, how long
/// they took together, where they ran, a counter's peak. Markers and runtime records are not work.</summary>
/// <example><code>
/// Console.WriteLine($"at most {capped.PeakConcurrency()} jobs ran at once");
/// </code></example>
public static class TimelineQueries
{
    /// <summary>Gets the most work spans that were running at the same moment.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <returns>The peak; 0 for a timeline with no work spans.</returns>
    public static int PeakConcurrency(this Timeline timeline) => PeakConcurrency(WorkSpans(timeline));

    /// <summary>Gets the most spans that were running at the same moment (a span ending as another starts does not overlap it).</summary>
    /// <param name="spans">The spans.</param>
    /// <returns>The peak; 0 for no spans.</returns>
    public static int PeakConcurrency(this IEnumerable<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var edges = spans.SelectMany(s => new[] { (Ticks: s.StartTicks, Step: 1), (Ticks: s.EndTicks, Step: -1) })
            .OrderBy(e => e.Ticks).ThenBy(e => e.Step); // ends before starts at the same tick
        var (running, peak) = (0, 0);
        foreach (var edge in edges)
        {
            running += edge.Step;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    /// <summary>Gets whether every work span overlapped every other: there was a moment when all of them were running.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <returns>True when the latest start came before the earliest end; false for no spans.</returns>
    public static bool AllOverlapped(this Timeline timeline) => AllOverlapped(WorkSpans(timeline));

    /// <summary>Gets whether there is a moment when every span was running (the latest start precedes the earliest end).</summary>
    /// <param name="spans">The spans; an empty list has no such moment.</param>
    /// <returns>True when all the spans overlap at one moment.</returns>
    public static bool AllOverlapped(this IReadOnlyList<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return spans.Count > 0 && spans.Max(s => s.StartTicks) < spans.Min(s => s.EndTicks);
    }

    /// <summary>Gets how many work spans overlapped in time with at least one work span on another thread.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <returns>The number of spans that ran beside work on another thread.</returns>
    public static int CountOverlappingOtherThreads(this Timeline timeline)
    {
        var spans = WorkSpans(timeline);
        return spans.Count(s => spans.Any(o => o.OsThreadId != s.OsThreadId
            && o.StartTicks < s.EndTicks && s.StartTicks < o.EndTicks));
    }

    /// <summary>Gets how many work spans started on the thread with the given managed id.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <param name="managedThreadId">The thread, e.g. <c>Environment.CurrentManagedThreadId</c> for the cell's own.</param>
    /// <returns>The number of spans that thread started.</returns>
    public static int CountOnThread(this Timeline timeline, int managedThreadId) =>
        WorkSpans(timeline).Count(s => s.ManagedThreadId == managedThreadId);

    /// <summary>Gets how long from the first work span's start to the last one's end.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <returns>The time the work took together; zero for no spans.</returns>
    public static TimeSpan WorkElapsed(this Timeline timeline)
    {
        var spans = WorkSpans(timeline);
        return spans.Count == 0 ? TimeSpan.Zero
            : Stopwatch.GetElapsedTime(spans.Min(s => s.StartTicks), spans.Max(s => s.EndTicks));
    }

    /// <summary>Counts the spans whose label starts with <paramref name="labelPrefix"/> that overlap every other span.</summary>
    /// <param name="spans">The spans of one timeline.</param>
    /// <param name="labelPrefix">The start of the labels to count, e.g. "map item".</param>
    /// <returns>How many of those spans overlapped each span whose label does not start with the prefix.</returns>
    public static int CountDuringAllOthers(this IReadOnlyList<SpanRecord> spans, string labelPrefix)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var others = spans.Where(s => !s.Label.StartsWith(labelPrefix, StringComparison.Ordinal)).ToList();
        return spans.Count(s => s.Label.StartsWith(labelPrefix, StringComparison.Ordinal)
            && others.All(o => s.StartTicks < o.EndTicks && o.StartTicks < s.EndTicks));
    }

    /// <summary>Counts the spans whose label starts with <paramref name="labelPrefix"/> that started on the given thread.</summary>
    /// <param name="spans">The spans of one timeline.</param>
    /// <param name="labelPrefix">The start of the labels to count.</param>
    /// <param name="managedThreadId">The thread, e.g. the cell's own <c>Environment.CurrentManagedThreadId</c>.</param>
    /// <returns>How many of those spans started on that thread.</returns>
    public static int CountStartedOn(this IReadOnlyList<SpanRecord> spans, string labelPrefix, int managedThreadId)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return spans.Count(s => s.Label.StartsWith(labelPrefix, StringComparison.Ordinal) && s.ManagedThreadId == managedThreadId);
    }

    /// <summary>Gets the distinct lanes that hold at least one item run in a worker process, in order of first appearance.</summary>
    /// <param name="timeline">The timeline the pool recorded into.</param>
    /// <returns>The lane names, such as "worker 0".</returns>
    public static IReadOnlyList<string> WorkerLanes(this Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Spans.Where(s => s.Kind == SpanKind.Process).OrderBy(s => s.StartTicks)
            .Select(s => s.Lane ?? $"pid {s.ProcessId}").Distinct().ToList();
    }

    /// <summary>Gets the distinct worker process ids that ran at least one item on the timeline.</summary>
    /// <param name="timeline">The timeline the pool recorded into.</param>
    /// <returns>The process ids, in ascending order.</returns>
    public static IReadOnlyList<int> WorkerProcessesThatRan(this Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Spans.Where(s => s.Kind == SpanKind.Process).Select(s => s.ProcessId).Distinct().Order().ToList();
    }

    /// <summary>Returns the highest value recorded for the counter <paramref name="name"/>, or 0 when none was.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <param name="name">The counter's name, e.g. <c>"queue length"</c>.</param>
    /// <returns>The peak value.</returns>
    public static double PeakOf(this Timeline timeline, string name)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Counters.Where(c => c.Name == name).Select(c => c.Value).DefaultIfEmpty(0).Max();
    }

    private static List<SpanRecord> WorkSpans(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Spans.Where(s => s.Kind != SpanKind.Marker && s.Kind != SpanKind.Runtime).ToList();
    }
}
