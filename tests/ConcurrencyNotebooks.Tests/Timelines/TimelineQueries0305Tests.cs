using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public class TimelineQueries0305Tests
{
    [Fact]
    public async Task WorkerLanes_MixedTimeline_ListsOnlyTheWorkerLane()
    {
        using var tl = await TimelineTestData.MixedAsync();
        Assert.Equal(["worker 2"], tl.WorkerLanes());
    }

    [Fact]
    public async Task WorkerProcessesThatRan_MixedTimeline_ListsTheWorkerPid()
    {
        using var tl = await TimelineTestData.MixedAsync();
        Assert.Equal([TimelineTestData.WorkerPid], tl.WorkerProcessesThatRan());
    }
}
