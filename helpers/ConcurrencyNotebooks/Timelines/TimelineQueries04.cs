namespace ConcurrencyNotebooks.Timelines;

/// <summary>Questions notebook 4 asks of a timeline's spans: did they overlap, which ran inside the others, on which thread.</summary>
/// <remarks>Pure queries over recorded spans; thread-safe as long as the list is not changed meanwhile.</remarks>
public static class TimelineQueries04
{
    /// <summary>Tells whether there is a moment when every span was running (the latest start precedes the earliest end).</summary>
    /// <param name="spans">The spans; an empty list has no such moment.</param>
    /// <returns>True when all the spans overlap at one moment.</returns>
    public static bool AllRunAtOneMoment(this IReadOnlyList<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return spans.Count > 0 && spans.Max(s => s.StartTicks) < spans.Min(s => s.EndTicks);
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
}
