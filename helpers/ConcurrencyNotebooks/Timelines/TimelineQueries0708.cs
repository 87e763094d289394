namespace ConcurrencyNotebooks.Timelines;

/// <summary>Queries over a timeline's counters that notebooks 7 and 8 use.</summary>
public static class TimelineQueries0708
{
    /// <summary>Returns the highest value recorded for the counter <paramref name="name"/>, or 0 when none was.</summary>
    /// <param name="timeline">The timeline.</param>
    /// <param name="name">The counter's name, e.g. <c>"queue length"</c>.</param>
    /// <returns>The peak value.</returns>
    public static double PeakOf(this Timeline timeline, string name)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Counters.Where(c => c.Name == name).Select(c => c.Value).DefaultIfEmpty(0).Max();
    }
}
