using System.Diagnostics;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Answers the questions a lesson asks of a timeline's spans: how many ran at once, whether they overlapped,
/// how long they took together. Markers and runtime records are left out; only the recorded work counts.</summary>
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
    public static bool AllOverlapped(this Timeline timeline)
    {
        var spans = WorkSpans(timeline);
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

    private static List<SpanRecord> WorkSpans(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Spans.Where(s => s.Kind != SpanKind.Marker && s.Kind != SpanKind.Runtime).ToList();
    }
}
