using System.Globalization;
using DynamicObj;
using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Builds a Plotly chart of a <see cref="Timeline"/>: one lane per thread and process, a bar per span.</summary>
/// <remarks>
/// <para>Bars sit on a numeric axis in milliseconds since the timeline started (Plotly bars with a <c>base</c>).
/// Overlapping spans on one lane (nesting, interleaved awaits) stack into sub-rows. Colours tell the kind:
/// synchronous work, async work, work in another process, unfinished. Markers are diamonds with a dotted
/// vertical line; an await hop is an arrow from the lane a span started on to the lane it ended on.</para>
/// <para>Counter samples (<see cref="Timeline.SampleThreadPool(TimeSpan?)"/>) are step lines on a second y axis on the
/// right, sharing the time axis: how many threads the pool had, and how many cores the process kept busy.</para>
/// <para>At most <c>maxBars</c> bars are drawn (the longest of each lane) and the title says how many were left out,
/// so a million spans still renders in a notebook. Thread-safe: works on a snapshot.</para>
/// </remarks>
/// <example><code>
/// var chart = TimelineChart.Create(tl);   // a Plotly.NET GenericChart
/// chart                                   // shows inline after Notebook.Setup()
/// </code></example>
public static class TimelineChart
{
    /// <summary>The default maximum number of span bars one chart draws.</summary>
    public const int DefaultMaxBars = 5_000;

    private const int MaxMarkers = 500;
    private const int MaxLaneRows = 8;
    private const int MaxCounterPoints = 2_000;

    // Counters with other names (such as one thread count per lab case) get their own colours, apart from the span kinds'.
    private static readonly string[] _counterColours = ["#222222", "#E45756", "#72B7B2", "#B279A2", "#FF9DA6"];

    private static readonly (SpanKind Kind, string Name, string Colour)[] _series =
    [
        (SpanKind.Thread, "work on a thread", "#4C78A8"),
        (SpanKind.Async, "async work (thread free while awaiting)", "#F58518"),
        (SpanKind.Process, "work in another process", "#54A24B"),
        (SpanKind.Runtime, "reported by the runtime (lock wait, GC pause)", "#E45756"),
    ];

    /// <summary>Creates the chart of everything <paramref name="timeline"/> holds now.</summary>
    /// <param name="timeline">The timeline to draw.</param>
    /// <param name="maxBars">The most span bars to draw; the longest of each lane are kept.</param>
    /// <returns>A Plotly.NET chart; render it with <see cref="Charts.ChartHtml.Render(GenericChart)"/> or show it in a cell.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="timeline"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxBars"/> is less than 1.</exception>
    public static GenericChart Create(Timeline timeline, int maxBars = DefaultMaxBars) => Create(timeline, maxBars, note: null);

    /// <summary>Creates the chart with an optional note under the title (the live view's "running for …").</summary>
    internal static GenericChart Create(Timeline timeline, int maxBars, string? note)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBars, 1);
        return Build(TimelineLayout.Build(timeline), maxBars, note);
    }

    internal static GenericChart Build(TimelineLayout layout, int maxBars, string? note = null)
    {
        var spans = layout.Spans.Where(s => s.Kind != SpanKind.Marker).ToList();
        var markers = layout.Spans.Where(s => s.Kind == SpanKind.Marker).Take(MaxMarkers).ToList();
        var drawn = Select(layout, spans, maxBars);

        // Sub-rows: overlapping spans on one lane never share a row. A lane with many rows squeezes them so it stays
        // at most MaxLaneRows rows tall.
        var rows = new Dictionary<SpanRecord, int>(ReferenceEqualityComparer.Instance);
        var rowsPerLane = new int[layout.Lanes.Count];
        foreach (var lane in drawn.GroupBy(layout.StartLane))
        {
            var (laneRows, count) = TimelineLayout.SubRows(lane);
            foreach (var (span, row) in laneRows)
            {
                rows[span] = row;
            }

            rowsPerLane[lane.Key.Index] = count;
        }

        // Lane i occupies [top_i, top_i + height_i) on a numeric y axis (reversed: first lane on top).
        var laneTop = new double[layout.Lanes.Count];
        var laneHeight = new double[layout.Lanes.Count];
        var rowPitch = new double[layout.Lanes.Count];
        var y = 0.0;
        for (var i = 0; i < layout.Lanes.Count; i++)
        {
            var count = Math.Max(1, rowsPerLane[i]);
            rowPitch[i] = 0.5 * Math.Min(1, (double)MaxLaneRows / count);
            laneTop[i] = y;
            laneHeight[i] = (count - 1) * rowPitch[i] + 1;
            y += laneHeight[i];
        }

        double RowCentre(TimelineLane lane, int row) => laneTop[lane.Index] + 0.5 + row * rowPitch[lane.Index];
        double BarWidth(TimelineLane lane) => 0.84 * rowPitch[lane.Index];
        double LaneCentre(TimelineLane lane) => laneTop[lane.Index] + laneHeight[lane.Index] / 2;

        var traces = new List<GenericChart>();
        foreach (var (kind, name, colour) in _series)
        {
            AddBars(traces, layout, drawn.Where(s => s.Kind == kind && !s.IsUnfinished).ToList(), rows, RowCentre, BarWidth, name, colour, pattern: null);
        }

        AddBars(traces, layout, drawn.Where(s => s.IsUnfinished).ToList(), rows, RowCentre, BarWidth, "unfinished (still open)", "#BAB0AC", pattern: "/");
        AddHops(traces, layout, drawn.Where(s => s.Hopped).ToList(), rows, RowCentre);
        AddMarkers(traces, layout, markers, LaneCentre);
        var counters = AddCounters(traces, layout);

        var chart = traces.Count == 0 ? GenericChart.ofTraceObject(true, Bar()) : GenericChart.combine(traces);
        var total = spans.Count;
        var title = layout.Timeline.Title + (drawn.Count < total
            ? string.Create(CultureInfo.InvariantCulture, $"<br><sup>showing {drawn.Count:N0} of {total:N0} spans (the longest of each lane)</sup>")
            : "");
        if (layout.Timeline.DroppedSpans is > 0 and var dropped)
        {
            title += string.Create(CultureInfo.InvariantCulture,
                $"<br><sup>{dropped:N0} older spans were dropped: a thread keeps its newest {Timeline.MaxSpansPerThread:N0}</sup>");
        }

        if (note is not null)
        {
            title += "<br><sup>" + System.Net.WebUtility.HtmlEncode(note) + "</sup>";
        }

        return GenericChart.setLayout(Layout(layout, title, laneTop, laneHeight, y, markers, counters, legendEntries: traces.Count), chart);
    }

    /// <summary>Picks at most <paramref name="maxBars"/> spans: the longest of each lane, budget shared evenly.</summary>
    internal static List<SpanRecord> Select(TimelineLayout layout, List<SpanRecord> spans, int maxBars)
    {
        if (spans.Count <= maxBars)
        {
            return spans;
        }

        var byLane = spans.GroupBy(layout.StartLane).Select(g => g.ToList()).OrderBy(g => g.Count).ToList();
        var chosen = new List<SpanRecord>(maxBars);
        var budget = maxBars;
        for (var i = 0; i < byLane.Count; i++)
        {
            var share = budget / (byLane.Count - i);
            var lane = byLane[i];
            if (lane.Count <= share)
            {
                chosen.AddRange(lane);
                budget -= lane.Count;
            }
            else
            {
                lane.Sort((a, b) => (b.EndTicks - b.StartTicks).CompareTo(a.EndTicks - a.StartTicks));
                chosen.AddRange(lane.Take(share));
                budget -= share;
            }
        }

        return chosen;
    }

    private static void AddBars(List<GenericChart> traces, TimelineLayout layout, List<SpanRecord> spans, Dictionary<SpanRecord, int> rows, Func<TimelineLane, int, double> rowCentre, Func<TimelineLane, double> barWidth, string name, string colour, string? pattern)
    {
        if (spans.Count == 0)
        {
            return;
        }

        var trace = Bar();
        trace.SetProperty("name", name);
        trace.SetProperty("orientation", "h");
        trace.SetProperty("base", spans.Select(s => Round(layout.Milliseconds(s.StartTicks))).ToArray());
        trace.SetProperty("x", spans.Select(s => Math.Max(Round(layout.Milliseconds(s.EndTicks) - layout.Milliseconds(s.StartTicks)), 0.001)).ToArray());
        trace.SetProperty("y", spans.Select(s => rowCentre(layout.StartLane(s), rows[s])).ToArray());
        trace.SetProperty("width", spans.Select(s => Math.Round(barWidth(layout.StartLane(s)), 4)).ToArray());
        trace.SetProperty("text", spans.Select(s => s.Label).ToArray());
        trace.SetProperty("textposition", "inside");
        trace.SetProperty("insidetextanchor", "start");
        trace.SetProperty("constraintext", "none");
        trace.SetProperty("hovertext", spans.Select(s => Hover(layout, s)).ToArray());
        trace.SetProperty("hoverinfo", "text");
        var marker = new DynamicObj.DynamicObj();
        marker.SetProperty("color", colour);
        var line = new DynamicObj.DynamicObj();
        line.SetProperty("color", "white");
        line.SetProperty("width", 0.5);
        marker.SetProperty("line", line);
        if (pattern is not null)
        {
            var fill = new DynamicObj.DynamicObj();
            fill.SetProperty("shape", pattern);
            marker.SetProperty("pattern", fill);
        }

        trace.SetProperty("marker", marker);
        traces.Add(GenericChart.ofTraceObject(true, trace));
    }

    private static void AddHops(List<GenericChart> traces, TimelineLayout layout, List<SpanRecord> hops, Dictionary<SpanRecord, int> rows, Func<TimelineLane, int, double> rowCentre)
    {
        if (hops.Count == 0)
        {
            return;
        }

        // One line trace: a vertical segment per hop at the span's end, separated by nulls.
        var xs = new List<double?>();
        var ys = new List<double?>();
        var texts = new List<string?>();
        foreach (var s in hops)
        {
            var at = Round(layout.Milliseconds(s.EndTicks));
            var text = $"{s.Label}: started on {layout.StartLane(s).Name}, resumed after await on {layout.EndLane(s).Name}";
            xs.AddRange([at, at, null]);
            ys.AddRange([rowCentre(layout.StartLane(s), rows[s]), rowCentre(layout.EndLane(s), 0), null]);
            texts.AddRange([text, text, null]);
        }

        var trace = new Trace2D("scatter");
        trace.SetProperty("name", "await hop (continued on another thread)");
        trace.SetProperty("mode", "lines+markers");
        trace.SetProperty("x", xs.ToArray());
        trace.SetProperty("y", ys.ToArray());
        trace.SetProperty("hovertext", texts.ToArray());
        trace.SetProperty("hoverinfo", "text");
        var line = new DynamicObj.DynamicObj();
        line.SetProperty("color", "#E45756");
        line.SetProperty("width", 1.5);
        line.SetProperty("dash", "dot");
        trace.SetProperty("line", line);
        var marker = new DynamicObj.DynamicObj();
        marker.SetProperty("color", "#E45756");
        marker.SetProperty("size", 6);
        marker.SetProperty("symbol", "circle");
        trace.SetProperty("marker", marker);
        traces.Add(GenericChart.ofTraceObject(true, trace));
    }

    private const int MaxLabelledMarkersPerLane = 3;

    private static void AddMarkers(List<GenericChart> traces, TimelineLayout layout, List<SpanRecord> markers, Func<TimelineLane, double> laneCentre)
    {
        if (markers.Count == 0)
        {
            return;
        }

        var trace = new Trace2D("scatter");
        trace.SetProperty("name", "marker");
        trace.SetProperty("mode", "markers+text");
        trace.SetProperty("x", markers.Select(m => Round(layout.Milliseconds(m.StartTicks))).ToArray());
        trace.SetProperty("y", markers.Select(m => laneCentre(layout.StartLane(m))).ToArray());
        // A lane with many markers (a pool growing step by step) keeps its labels for hovering: written out they overlap.
        var perLane = markers.GroupBy(m => layout.StartLane(m).Index).ToDictionary(g => g.Key, g => g.Count());
        trace.SetProperty("text", markers.Select(m => perLane[layout.StartLane(m).Index] <= MaxLabelledMarkersPerLane ? m.Label : "").ToArray());
        trace.SetProperty("textposition", "top right");
        trace.SetProperty("hovertext", markers.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Label}<br>at {layout.Milliseconds(m.StartTicks):F3} ms on {layout.StartLane(m).Name}")).ToArray());
        trace.SetProperty("hoverinfo", "text");
        var marker = new DynamicObj.DynamicObj();
        marker.SetProperty("color", "#B279A2");
        marker.SetProperty("size", 11);
        marker.SetProperty("symbol", "diamond");
        trace.SetProperty("marker", marker);
        traces.Add(GenericChart.ofTraceObject(true, trace));
    }

    /// <summary>Adds one step line per counter on the right-hand axis <c>y2</c>; returns the names drawn.</summary>
    private static List<string> AddCounters(List<GenericChart> traces, TimelineLayout layout)
    {
        var names = new List<string>();
        if (layout.Counters.Count == 0)
        {
            return names;
        }

        var lastTicks = layout.Counters.Max(c => c.Ticks);
        var groups = layout.Counters.GroupBy(c => c.Name)
            .OrderBy(g => g.Key == CounterSample.PoolThreads ? 0 : g.Key == CounterSample.BusyCores ? 1 : 2)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var other = 0;
        foreach (var group in groups)
        {
            var points = StepPoints(group.ToList(), lastTicks, MaxCounterPoints);
            var pool = group.Key.StartsWith(CounterSample.PoolThreads, StringComparison.Ordinal);
            var colour = group.Key == CounterSample.PoolThreads ? "#222222"
                : group.Key == CounterSample.BusyCores ? "#9D755D"
                : _counterColours[other++ % _counterColours.Length];
            var trace = new Trace2D("scatter");
            trace.SetProperty("name", group.Key);
            trace.SetProperty("mode", "lines");
            trace.SetProperty("yaxis", "y2");
            trace.SetProperty("x", points.Select(p => Round(layout.Milliseconds(p.Ticks))).ToArray());
            trace.SetProperty("y", points.Select(p => p.Value).ToArray());
            trace.SetProperty("hovertemplate", "%{y} " + System.Net.WebUtility.HtmlEncode(group.Key) + " at %{x:.1f} ms<extra></extra>");
            var line = new DynamicObj.DynamicObj();
            line.SetProperty("shape", "hv");
            line.SetProperty("color", colour);
            line.SetProperty("width", pool ? 2 : 1.5);
            if (!pool)
            {
                line.SetProperty("dash", "dot");
            }

            trace.SetProperty("line", line);
            trace.SetProperty("opacity", 0.85);
            traces.Add(GenericChart.ofTraceObject(true, trace));
            names.Add(group.Key);
        }

        return names;
    }

    /// <summary>Reduces one counter's samples to the points a step line needs: each change, and the last value carried to <paramref name="lastTicks"/>;
    /// when still more than <paramref name="max"/>, every k-th point.</summary>
    internal static List<CounterSample> StepPoints(List<CounterSample> samples, long lastTicks, int max)
    {
        var points = new List<CounterSample>();
        foreach (var s in samples)
        {
            if (points.Count == 0 || points[^1].Value != s.Value)
            {
                points.Add(s);
            }
        }

        if (points.Count > max)
        {
            var stride = (points.Count + max - 1) / max;
            points = points.Where((_, i) => i % stride == 0).ToList();
        }

        var last = samples[^1] with { Ticks = lastTicks };
        if (points[^1].Ticks < lastTicks)
        {
            points.Add(last);
        }
        else
        {
            points[^1] = last;
        }

        return points;
    }

    private static Layout Layout(TimelineLayout layout, string title, double[] laneTop, double[] laneHeight, double height, List<SpanRecord> markers, IReadOnlyList<string> counters, int legendEntries)
    {
        var result = new Layout();
        var titleObj = new DynamicObj.DynamicObj();
        titleObj.SetProperty("text", title);
        titleObj.SetProperty("x", 0);
        titleObj.SetProperty("xanchor", "left");
        titleObj.SetProperty("yref", "container"); // at the top, above the legend (plotly's default centres it in the margin)
        titleObj.SetProperty("y", 1);
        titleObj.SetProperty("yanchor", "top");
        var titlePad = new DynamicObj.DynamicObj();
        titlePad.SetProperty("t", 12);
        titleObj.SetProperty("pad", titlePad);
        result.SetProperty("title", titleObj);
        result.SetProperty("barmode", "overlay");
        result.SetProperty("hovermode", "closest");
        // The legend sits above the plot, under the title; its entries can wrap one to a row, so the top margin makes
        // room for all of them and the title's lines, and the plot keeps its height.
        var top = 40 + 22 * (1 + title.Split("<br>").Length) + 20 * legendEntries;
        var margin = new DynamicObj.DynamicObj();
        margin.SetProperty("t", top);
        result.SetProperty("margin", margin);
        result.SetProperty("height", (int)Math.Clamp(140 + height * 34, 260, 1400) + top - 100);
        result.SetProperty("plot_bgcolor", "white");

        var legend = new DynamicObj.DynamicObj();
        legend.SetProperty("orientation", "h");
        legend.SetProperty("x", 0);
        legend.SetProperty("y", 1.0);
        legend.SetProperty("yanchor", "bottom");
        result.SetProperty("legend", legend);

        var x = new LinearAxis();
        var xTitle = new DynamicObj.DynamicObj();
        xTitle.SetProperty("text", "ms since the timeline started");
        x.SetProperty("title", xTitle);
        x.SetProperty("zeroline", false);
        x.SetProperty("showgrid", true);
        x.SetProperty("gridcolor", "#E5E5E5");
        result.SetProperty("xaxis", x);

        var y = new LinearAxis();
        y.SetProperty("tickvals", layout.Lanes.Select(l => laneTop[l.Index] + laneHeight[l.Index] / 2).ToArray());
        y.SetProperty("ticktext", layout.Lanes.Select(l => l.Name).ToArray());
        y.SetProperty("range", new[] { height, 0.0 });
        y.SetProperty("showgrid", false);
        y.SetProperty("zeroline", false);
        y.SetProperty("automargin", true);
        result.SetProperty("yaxis", y);

        if (counters.Count > 0)
        {
            // The counters' own axis on the right, over the same plot area and time axis as the lanes.
            var y2 = new LinearAxis();
            var y2Title = new DynamicObj.DynamicObj();
            var allPool = counters.All(c => c.StartsWith(CounterSample.PoolThreads, StringComparison.Ordinal));
            y2Title.SetProperty("text", allPool ? CounterSample.PoolThreads : string.Join(" · ", counters));
            y2.SetProperty("title", y2Title);
            y2.SetProperty("overlaying", "y");
            y2.SetProperty("side", "right");
            y2.SetProperty("rangemode", "tozero");
            y2.SetProperty("showgrid", false);
            y2.SetProperty("zeroline", false);
            y2.SetProperty("automargin", true);
            result.SetProperty("yaxis2", y2);
        }

        // Shaded bands make each lane easy to follow; dotted lines mark instants across all lanes.
        var shapes = new List<DynamicObj.DynamicObj>();
        foreach (var lane in layout.Lanes.Where(l => l.Index % 2 == 1))
        {
            var band = new DynamicObj.DynamicObj();
            band.SetProperty("type", "rect");
            band.SetProperty("xref", "paper");
            band.SetProperty("x0", 0);
            band.SetProperty("x1", 1);
            band.SetProperty("y0", laneTop[lane.Index]);
            band.SetProperty("y1", laneTop[lane.Index] + laneHeight[lane.Index]);
            band.SetProperty("fillcolor", "#F3F3F3");
            band.SetProperty("layer", "below");
            var noLine = new DynamicObj.DynamicObj();
            noLine.SetProperty("width", 0);
            band.SetProperty("line", noLine);
            shapes.Add(band);
        }

        foreach (var m in markers.Take(50))
        {
            var rule = new DynamicObj.DynamicObj();
            rule.SetProperty("type", "line");
            rule.SetProperty("yref", "paper");
            rule.SetProperty("x0", Round(layout.Milliseconds(m.StartTicks)));
            rule.SetProperty("x1", Round(layout.Milliseconds(m.StartTicks)));
            rule.SetProperty("y0", 0);
            rule.SetProperty("y1", 1);
            var dotted = new DynamicObj.DynamicObj();
            dotted.SetProperty("color", "#B279A2");
            dotted.SetProperty("width", 1);
            dotted.SetProperty("dash", "dot");
            rule.SetProperty("line", dotted);
            shapes.Add(rule);
        }

        result.SetProperty("shapes", shapes.ToArray());
        return result;
    }

    private static string Hover(TimelineLayout layout, SpanRecord s)
    {
        var start = layout.StartLane(s);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"<b>{System.Net.WebUtility.HtmlEncode(s.Label)}</b><br>{(s.IsUnfinished ? "unfinished, open for " : "")}{s.Duration.TotalMilliseconds:F3} ms, from {layout.Milliseconds(s.StartTicks):F3} ms<br>on {TimelineLayout.Describe(start)}");
        if (s.Hopped)
        {
            text += "<br>ended on " + TimelineLayout.Describe(layout.EndLane(s));
        }

        return text;
    }

    private static Trace2D Bar() => new("bar");

    private static double Round(double ms) => Math.Round(ms, 4);
}
