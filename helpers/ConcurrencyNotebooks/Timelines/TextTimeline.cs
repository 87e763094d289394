using System.Globalization;
using System.Text;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Draws a <see cref="Timeline"/> as text: one row per lane, bars on a scaled time axis, a legend and the longest spans.</summary>
/// <remarks>Counter samples, when recorded, add one summary line each (start, max, mean, end). For consoles, logs and any place with no notebook; <see cref="Timeline.ToString"/> uses it.
/// Thread-safe: works on a snapshot.</remarks>
/// <example><code>
/// Console.WriteLine(TextTimeline.Render(tl, width: 60));
/// </code></example>
public static class TextTimeline
{
    private const int MaxListed = 15;

    /// <summary>Renders <paramref name="timeline"/> as a multi-line text chart.</summary>
    /// <param name="timeline">The timeline to draw.</param>
    /// <param name="width">The number of characters on the time axis (at least 10).</param>
    /// <returns>The text chart.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="timeline"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="width"/> is less than 10.</exception>
    public static string Render(Timeline timeline, int width = 80)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 10);
        var layout = TimelineLayout.Build(timeline);
        var spans = layout.Spans;
        var text = new StringBuilder();
        var totalMs = layout.Milliseconds(layout.End);
        text.Append(CultureInfo.InvariantCulture, $"{timeline.Title}: {spans.Count(s => s.Kind != SpanKind.Marker):N0} spans, {spans.Count(s => s.Kind == SpanKind.Marker):N0} markers, {totalMs:F1} ms\n");
        if (timeline.DroppedSpans is > 0 and var dropped)
        {
            text.Append(CultureInfo.InvariantCulture, $"({dropped:N0} older spans were dropped: a thread keeps its newest {Timeline.MaxSpansPerThread:N0})\n");
        }

        if (spans.Count == 0)
        {
            return text.Append("(nothing recorded yet)\n").ToString();
        }

        var nameWidth = Math.Min(28, layout.Lanes.Max(l => l.Name.Length));
        var scale = totalMs <= 0 ? 0 : (width - 1) / totalMs;
        int Column(long ticks) => Math.Clamp((int)Math.Round(layout.Milliseconds(ticks) * scale), 0, width - 1);

        var rows = layout.Lanes.Select(_ => Enumerable.Repeat(' ', width).ToArray()).ToArray();

        // Longest first, so nested (shorter) spans are drawn over their parents and stay visible.
        foreach (var s in spans.Where(s => s.Kind != SpanKind.Marker).OrderByDescending(s => s.EndTicks - s.StartTicks))
        {
            var row = rows[layout.StartLane(s).Index];
            var glyph = s.IsUnfinished ? '░' : s.Kind switch { SpanKind.Async => '▒', SpanKind.Process => '▓', SpanKind.Runtime => '▚', _ => '█' };
            for (var c = Column(s.StartTicks); c <= Column(s.EndTicks); c++)
            {
                row[c] = glyph;
            }

            if (s.Hopped)
            {
                rows[layout.EndLane(s).Index][Column(s.EndTicks)] = '↷';
            }
        }

        foreach (var m in spans.Where(s => s.Kind == SpanKind.Marker))
        {
            rows[layout.StartLane(m).Index][Column(m.StartTicks)] = '◆';
        }

        var end = string.Create(CultureInfo.InvariantCulture, $"{totalMs:F1} ms");
        text.Append(' ', nameWidth + 1).Append("0 ms").Append(' ', Math.Max(1, width - 2 - end.Length)).Append(end).Append('\n');
        foreach (var lane in layout.Lanes)
        {
            var name = lane.Name.Length > nameWidth ? lane.Name[..(nameWidth - 1)] + "…" : lane.Name;
            text.Append(name.PadRight(nameWidth)).Append('|').Append(rows[lane.Index]).Append("|\n");
        }

        text.Append("█ work on a thread  ▒ async work  ▓ other process  ░ unfinished  ◆ marker  ↷ resumed here after an await");
        text.Append(spans.Any(s => s.Kind == SpanKind.Runtime) ? "  ▚ reported by the runtime\n" : "\n");

        AppendCounters(text, layout);

        var listed = spans.OrderByDescending(s => s.Kind == SpanKind.Marker ? -1 : s.EndTicks - s.StartTicks).Take(MaxListed)
            .OrderBy(s => s.StartTicks).ToList();
        text.Append(spans.Count > MaxListed ? $"the {MaxListed} longest:\n" : "spans:\n");
        foreach (var s in listed)
        {
            var where = s.Hopped ? $"{layout.StartLane(s).Name} → {layout.EndLane(s).Name}" : layout.StartLane(s).Name;
            var what = s.Kind == SpanKind.Marker ? "marker" : string.Create(CultureInfo.InvariantCulture, $"{s.Duration.TotalMilliseconds,9:F2} ms");
            text.Append(CultureInfo.InvariantCulture, $"  {layout.Milliseconds(s.StartTicks),9:F2} ms  {what}  {s.Label}  [{where}]{(s.IsUnfinished ? " (unfinished)" : "")}\n");
        }

        return text.ToString();
    }

    private static void AppendCounters(StringBuilder text, TimelineLayout layout)
    {
        foreach (var counter in layout.Counters.GroupBy(c => c.Name).OrderBy(g => g.Key == CounterSample.PoolThreads ? 0 : 1))
        {
            var values = counter.Select(c => c.Value).ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"{counter.Key}: {values[0]:0.##} at start, max {values.Max():0.##}, mean {values.Average():0.##}, {values[^1]:0.##} at end ({values.Count:N0} samples)\n");
        }
    }
}
