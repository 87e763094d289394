using System.Diagnostics;
using System.Text.Json;
using ConcurrencyNotebooks.Timelines;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class ThreadPoolSamplingTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>A timeline with two spans and hand-made samples: pool threads 2, 2, 5, 5, 4; busy cores 0.5, 1.5.</summary>
    private static Timeline WithSamples()
    {
        var tl = new Timeline("sampled");
        tl.Record("a", () => { });
        var t0 = tl.StartTicks;
        var ms = Stopwatch.Frequency / 1000;
        var pid = tl.ProcessId;
        Assert.True(tl.TryAddCounterSamples(
        [
            .. new[] { 2.0, 2, 5, 5, 4 }.Select((v, i) => new CounterSample { Name = CounterSample.PoolThreads, Ticks = t0 + i * 10 * ms, Value = v, ProcessId = pid }),
            new CounterSample { Name = CounterSample.BusyCores, Ticks = t0, Value = 0.5, ProcessId = pid },
            new CounterSample { Name = CounterSample.BusyCores, Ticks = t0 + 20 * ms, Value = 1.5, ProcessId = pid },
        ]));
        return tl;
    }

    [Fact]
    public void SampleThreadPool_WhileRunning_RecordsBothCountersUntilDisposed()
    {
        var tl = new Timeline("t");
        var sampler = tl.SampleThreadPool(TimeSpan.FromMilliseconds(5));
        Poll.Until(() => tl.Counters.Count(c => c.Name == CounterSample.BusyCores) >= 3, "3 busy-core samples", HangGuard);

        sampler.Dispose();
        var after = tl.Counters;
        sampler.Dispose();

        Assert.False(((ThreadPoolSampler)sampler).SampleNow());
        Assert.Equal(after.Count, tl.Counters.Count);
        Assert.All(after, c => Assert.Equal(tl.ProcessId, c.ProcessId));
        Assert.All(after.Where(c => c.Name == CounterSample.PoolThreads), c => Assert.True(c.Value >= 1));
        Assert.All(after.Where(c => c.Name == CounterSample.BusyCores), c => Assert.InRange(c.Value, 0, Environment.ProcessorCount));
        Assert.True(after.Zip(after.Skip(1)).All(p => p.First.Ticks <= p.Second.Ticks));
    }

    [Fact]
    public void Constructor_SampleThreadPool_StopsWhenTimelineDisposed()
    {
        var tl = new Timeline("t", sampleThreadPool: true);
        Assert.Contains(tl.Counters, c => c.Name == CounterSample.PoolThreads); // the first reading is taken at once

        tl.Dispose();

        Assert.False(tl.TryAddCounterSamples([new CounterSample { Name = "x" }]));
        Assert.Throws<ObjectDisposedException>(() => tl.SampleThreadPool());
    }

    [Fact]
    public void SampleThreadPool_TooShortInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Timeline("t").SampleThreadPool(TimeSpan.FromMilliseconds(1)));

    [Fact]
    public void Create_WithSamples_DrawsStepLinesOnASecondAxis()
    {
        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(TimelineChart.Create(WithSamples())));
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        var pool = traces.Single(t => t.GetProperty("name").GetString() == CounterSample.PoolThreads);
        Assert.Equal("y2", pool.GetProperty("yaxis").GetString());
        Assert.Equal("hv", pool.GetProperty("line").GetProperty("shape").GetString());
        Assert.Equal([2.0, 5, 4], pool.GetProperty("y").EnumerateArray().Select(e => e.GetDouble())); // only the changes
        Assert.Equal([0.0, 20, 40], pool.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        var busy = traces.Single(t => t.GetProperty("name").GetString() == CounterSample.BusyCores);
        Assert.Equal([0.5, 1.5, 1.5], busy.GetProperty("y").EnumerateArray().Select(e => e.GetDouble())); // carried to the last sample
        Assert.All(traces.Where(t => t.GetProperty("type").GetString() == "bar"), t => Assert.False(t.TryGetProperty("yaxis", out _)));

        var y2 = figure.RootElement.GetProperty("layout").GetProperty("yaxis2");
        Assert.Equal("y", y2.GetProperty("overlaying").GetString());
        Assert.Equal("right", y2.GetProperty("side").GetString());
        Assert.Contains(CounterSample.PoolThreads, y2.GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoSamples_HasNoSecondAxis()
    {
        var tl = new Timeline("t");
        tl.Record("a", () => { });
        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(TimelineChart.Create(tl)));
        Assert.False(figure.RootElement.GetProperty("layout").TryGetProperty("yaxis2", out _));
    }

    [Fact]
    public void StepPoints_ManySamples_KeepsAtMostTheCapAndEndsOnTheLastValue()
    {
        var samples = Enumerable.Range(0, 10_000).Select(i => new CounterSample { Name = "c", Ticks = i, Value = i }).ToList();
        var points = TimelineChart.StepPoints(samples, lastTicks: 20_000, max: 100);
        Assert.InRange(points.Count, 2, 101);
        Assert.Equal(9_999, points[^1].Value);
        Assert.Equal(20_000, points[^1].Ticks);
    }

    [Fact]
    public void ToChromeTrace_WithSamples_HasCounterEvents()
    {
        var tl = WithSamples();
        using var doc = JsonDocument.Parse(tl.ToChromeTrace());
        var counters = doc.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "C").ToList();
        Assert.Equal(7, counters.Count);
        var pool = counters.Where(e => e.GetProperty("name").GetString() == CounterSample.PoolThreads).ToList();
        Assert.Equal([2.0, 2, 5, 5, 4], pool.Select(e => e.GetProperty("args").GetProperty("value").GetDouble()));
        Assert.Equal(20_000, pool[2].GetProperty("ts").GetDouble(), 3); // 20 ms in µs
        Assert.All(counters, e => Assert.Equal(tl.ProcessId, e.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public void CounterSample_Json_RoundTrips()
    {
        var sample = new CounterSample { Name = CounterSample.PoolThreads, Ticks = 123, Value = 4, ProcessId = 42 };
        Assert.Equal(sample, JsonSerializer.Deserialize<CounterSample>(JsonSerializer.Serialize(sample)));
    }

    [Fact]
    public void Render_WithSamples_SummarizesEachCounter()
    {
        var text = TextTimeline.Render(WithSamples());
        Assert.Contains("pool threads: 2 at start, max 5, mean 3.6, 4 at end (5 samples)", text, StringComparison.Ordinal);
        Assert.Contains("busy cores: 0.5 at start, max 1.5", text, StringComparison.Ordinal);
    }
}
