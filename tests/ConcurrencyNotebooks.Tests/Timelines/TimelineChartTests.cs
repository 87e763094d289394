using System.Text.Json;
using ConcurrencyNotebooks.Charts;
using ConcurrencyNotebooks.Timelines;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineChartTests
{
    private static JsonElement Figure(Timeline tl, int maxBars = TimelineChart.DefaultMaxBars) =>
        JsonDocument.Parse(GenericChart.toFigureJson(TimelineChart.Create(tl, maxBars))).RootElement;

    [Fact]
    public async Task Create_MixedTimeline_NamesLanesAndLabelsBars()
    {
        var tl = await TimelineTestData.MixedAsync();
        var figure = Figure(tl);
        var lanes = figure.GetProperty("layout").GetProperty("yaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("main", lanes[0]);
        Assert.Contains("thread downloader", lanes);
        Assert.StartsWith("thread ", lanes[2], StringComparison.Ordinal); // the completer only ended a span: named by managed id
        Assert.Equal("pool #1", lanes[3]);
        Assert.Equal($"worker 2 (pid {TimelineTestData.WorkerPid})", lanes[^1]);

        var traces = figure.GetProperty("data").EnumerateArray().ToList();
        var bars = traces.Where(t => t.GetProperty("type").GetString() == "bar").ToList();
        var labels = bars.SelectMany(b => b.GetProperty("text").EnumerateArray().Select(e => e.GetString())).ToList();
        Assert.Equal(["hopping", "job in worker", "on main", "on named thread", "on pool"], labels.Order());
        Assert.All(bars, b => Assert.Equal("h", b.GetProperty("orientation").GetString()));
        Assert.All(bars, b => Assert.True(b.TryGetProperty("base", out _)));
        Assert.Contains(bars, b => b.GetProperty("hovertext").EnumerateArray().Any(h => h.GetString()!.Contains("OS tid", StringComparison.Ordinal)));
        Assert.Contains(traces, t => t.GetProperty("name").GetString()!.StartsWith("await hop", StringComparison.Ordinal));
        Assert.Contains(traces, t => t.GetProperty("name").GetString() == "marker"
            && t.GetProperty("text")[0].GetString() == "cancel requested");
    }

    [Fact]
    public async Task Render_Timeline_GivesOfflineChartHtml()
    {
        var html = ChartHtml.Render(TimelineChart.Create(await TimelineTestData.MixedAsync()));
        Assert.Contains(ChartHtml.ContainerClass, html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Create_MillionSpans_DrawsAtMostTheCapAndSaysSo()
    {
        var tl = new Timeline("huge");
        var start = tl.StartTicks;
        tl.Add(Enumerable.Range(0, 1_000_000).Select(i => new SpanRecord
        {
            Id = i + 1, Label = "s", StartTicks = start + i * 10L, EndTicks = start + i * 10L + (i % 1000), ProcessId = tl.ProcessId,
            OsThreadId = 100 + (i % 4), ManagedThreadId = 10 + (i % 4), EndOsThreadId = 100 + (i % 4), EndManagedThreadId = 10 + (i % 4),
        }));
        var figure = Figure(tl);
        var drawn = figure.GetProperty("data").EnumerateArray().Where(t => t.GetProperty("type").GetString() == "bar")
            .Sum(t => t.GetProperty("x").GetArrayLength());
        Assert.Equal(TimelineChart.DefaultMaxBars, drawn);
        Assert.Contains("showing 5,000 of 1,000,000 spans", figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnfinishedSpan_IsItsOwnSeries()
    {
        var tl = new Timeline("t");
        _ = tl.Span("never ends");
        var traces = Figure(tl).GetProperty("data").EnumerateArray();
        Assert.Contains(traces, t => t.GetProperty("name").GetString()!.StartsWith("unfinished", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_EmptyTimeline_StillRenders()
    {
        var figure = Figure(new Timeline("empty"));
        Assert.Equal("empty", figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TimelineChart.Create(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineChart.Create(new Timeline("t"), 0));
    }

    [Fact]
    public void Create_CrowdedMarkerLane_KeepsLabelsForHoveringAndTheTitleAboveTheLegend()
    {
        using var tl = new Timeline("markers");
        tl.Mark("alone on main");
        var crowd = new Thread(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                tl.Mark($"step {i}");
            }
        });
        crowd.Start();
        crowd.Join();

        var figure = Figure(tl);
        var markers = figure.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "marker");
        var texts = markers.GetProperty("text").EnumerateArray().Select(e => e.GetString()).ToList();
        var hovers = markers.GetProperty("hovertext").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Single(texts, t => t == "alone on main");
        Assert.Equal(5, texts.Count(t => t == ""));
        Assert.Equal(6, hovers.Count(h => h.Contains("alone on main", StringComparison.Ordinal) || h.Contains("step ", StringComparison.Ordinal)));
        var title = figure.GetProperty("layout").GetProperty("title");
        Assert.Equal("container", title.GetProperty("yref").GetString());
        Assert.Equal("top", title.GetProperty("yanchor").GetString());
        Assert.True(figure.GetProperty("layout").GetProperty("margin").GetProperty("t").GetInt32() > 100);
    }
}
