using System.Text.Json;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class ChromeTraceTests
{
    [Fact]
    public async Task ToJson_MixedTimeline_HasCompleteMetadataInstantAndFlowEvents()
    {
        var tl = await TimelineTestData.MixedAsync();
        using var doc = JsonDocument.Parse(tl.ToChromeTrace());
        Assert.Equal("ms", doc.RootElement.GetProperty("displayTimeUnit").GetString());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        string Ph(JsonElement e) => e.GetProperty("ph").GetString()!;

        var complete = events.Where(e => Ph(e) == "X" && e.GetProperty("cat").GetString() != "hop").ToList();
        Assert.Equal(5, complete.Count);
        Assert.All(complete, e =>
        {
            Assert.True(e.GetProperty("dur").GetDouble() >= 0);
            Assert.True(e.GetProperty("ts").GetDouble() >= 0);
            Assert.True(e.GetProperty("tid").GetInt32() > 0);
        });
        var worker = complete.Single(e => e.GetProperty("name").GetString() == "job in worker");
        Assert.Equal(TimelineTestData.WorkerPid, worker.GetProperty("pid").GetInt32());
        Assert.Equal(1.0, worker.GetProperty("dur").GetDouble(), 3); // 1000 ns = 1 µs

        var names = events.Where(e => Ph(e) == "M").Select(e => (e.GetProperty("name").GetString(), e.GetProperty("args").GetProperty("name").GetString())).ToList();
        Assert.Contains(("process_name", $"mixed (pid {Environment.ProcessId})"), names);
        Assert.Contains(("process_name", $"worker 2 (pid {TimelineTestData.WorkerPid})"), names);
        Assert.Contains(("thread_name", "main"), names);
        Assert.Contains(("thread_name", "pool #1"), names);

        var instant = Assert.Single(events, e => Ph(e) == "i");
        Assert.Equal("cancel requested", instant.GetProperty("name").GetString());

        var start = Assert.Single(events, e => Ph(e) == "s");
        var finish = Assert.Single(events, e => Ph(e) == "f");
        Assert.Equal(start.GetProperty("id").GetString(), finish.GetProperty("id").GetString());
        Assert.Equal("e", finish.GetProperty("bp").GetString());
        var hop = tl.Snapshot().Single(s => s.Label == "hopping");
        Assert.Equal(hop.OsThreadId, start.GetProperty("tid").GetInt32());
        Assert.Equal(hop.EndOsThreadId, finish.GetProperty("tid").GetInt32());
        var resumed = events.Single(e => Ph(e) == "X" && e.GetProperty("cat").GetString() == "hop");
        Assert.Equal(hop.EndOsThreadId, resumed.GetProperty("tid").GetInt32());
    }

    [Fact]
    public void Write_Stream_IsLeftOpenAndHoldsTheSameJson()
    {
        var tl = new Timeline("t");
        tl.Record("a", () => { });
        using var stream = new MemoryStream();
        ChromeTrace.Write(tl, stream);
        Assert.True(stream.CanWrite);
        using var doc = JsonDocument.Parse(stream.ToArray());
        Assert.Contains(doc.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.GetProperty("name").GetString() == "a");
    }
}
