using System.Text.Json;
using ConcurrencyNotebooks.Timelines;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineSubRowTests
{
    private static SpanRecord Span(int id, long start, long end) => new()
    {
        Id = id, Label = $"job {id}", Kind = SpanKind.Async, StartTicks = start, EndTicks = end,
        ProcessId = TimelineTestData.WorkerPid, OsThreadId = 7, ManagedThreadId = 4, EndOsThreadId = 7, EndManagedThreadId = 4,
        IsThreadPoolThread = true, EndIsThreadPoolThread = true, Lane = "C: await",
    };

    [Fact]
    public void SubRows_TwelveOverlappingSpans_GetTwelveRows()
    {
        var spans = Enumerable.Range(0, 12).Select(i => Span(i, 1000 + i, 5000 + i)).ToList();

        var (rows, count) = TimelineLayout.SubRows(spans);

        Assert.Equal(12, count);
        Assert.Equal(12, spans.Select(s => rows[s]).Distinct().Count());
    }

    [Fact]
    public void SubRows_SpansOneAfterAnother_ShareTheTopRow()
    {
        var spans = Enumerable.Range(0, 5).Select(i => Span(i, i * 100, (i * 100) + 100)).ToList();

        var (rows, count) = TimelineLayout.SubRows(spans);

        Assert.Equal(1, count);
        Assert.All(spans, s => Assert.Equal(0, rows[s]));
    }

    [Fact]
    public void Create_TwelveOverlappingSpansOnOneLane_DrawsEachAtItsOwnHeight()
    {
        var tl = new Timeline("lab");
        tl.Add(Enumerable.Range(0, 12).Select(i => Span(i, tl.StartTicks + 1000 + i, tl.StartTicks + 5000 + i)).ToList());

        var figure = JsonDocument.Parse(GenericChart.toFigureJson(TimelineChart.Create(tl))).RootElement;
        var ys = figure.GetProperty("data").EnumerateArray()
            .Where(t => t.GetProperty("type").GetString() == "bar")
            .SelectMany(b => b.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()))
            .ToList();
        var widths = figure.GetProperty("data").EnumerateArray()
            .Where(t => t.GetProperty("type").GetString() == "bar")
            .SelectMany(b => b.GetProperty("width").EnumerateArray().Select(e => e.GetDouble()))
            .ToList();

        Assert.Equal(12, ys.Count);
        Assert.Equal(12, ys.Distinct().Count());
        var gap = ys.Order().Zip(ys.Order().Skip(1), (a, b) => b - a).Min();
        Assert.All(widths, w => Assert.True(w < gap, $"bar width {w} must be less than the row gap {gap}, or bars overlap"));
    }
}
