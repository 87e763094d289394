namespace ConcurrencyNotebooks.Timelines;

/// <summary>Questions notebook 3 asks of a timeline a <c>ProcessPool</c> wrote into: which worker lanes and processes ran items.</summary>
public static class TimelineQueries0305
{
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
}
