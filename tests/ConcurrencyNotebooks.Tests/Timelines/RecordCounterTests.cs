using System.Text.Json;
using ConcurrencyNotebooks.Timelines;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class RecordCounterTests
{
    [Fact]
    public void RecordCounter_FromTwoThreads_KeepsEveryValueInEachThreadsOrder()
    {
        var tl = new Timeline("queue");
        using var barrier = new Barrier(2);
        void Record(int from)
        {
            barrier.SignalAndWait();
            for (var i = 0; i < 100; i++)
            {
                Assert.True(tl.RecordCounter("queue length", from + i));
            }
        }

        var other = new Thread(() => Record(1000));
        other.Start();
        Record(0);
        other.Join();

        var samples = tl.Counters;
        Assert.Equal(200, samples.Count);
        Assert.All(samples, s => Assert.Equal("queue length", s.Name));
        Assert.All(samples, s => Assert.Equal(Environment.ProcessId, s.ProcessId));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), samples.Where(s => s.Value < 1000).Select(s => s.Value));
        Assert.Equal(Enumerable.Range(1000, 100).Select(i => (double)i), samples.Where(s => s.Value >= 1000).Select(s => s.Value));
    }

    [Fact]
    public void RecordCounter_Samples_AreDrawnAsTheirOwnStepLineAndSummarizedInText()
    {
        var tl = new Timeline("queue");
        tl.Record("produce", () => { });
        foreach (var length in new[] { 0, 1, 2, 3, 3, 2 })
        {
            tl.RecordCounter("queue length", length);
        }

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(TimelineChart.Create(tl)));
        var queue = figure.RootElement.GetProperty("data").EnumerateArray()
            .Single(t => t.TryGetProperty("name", out var n) && n.GetString() == "queue length");
        Assert.Equal("y2", queue.GetProperty("yaxis").GetString());
        Assert.Equal([0.0, 1, 2, 3, 2], queue.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("queue length: 0 at start, max 3", tl.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordCounter_BadNameOrDisposedTimeline_Throws()
    {
        var tl = new Timeline("t");
        Assert.Throws<ArgumentException>(() => tl.RecordCounter("", 1));
        tl.Dispose();
        Assert.Throws<ObjectDisposedException>(() => tl.RecordCounter("queue length", 1));
    }
}
