using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Claims;

public class MultiprocessingClaimsTests
{
    /// <summary>A timeline holding one item span per (lane, pid) pair given, as a pool would write them.</summary>
    private static Timeline WithItems(params (string Lane, int Pid)[] items)
    {
        var tl = new Timeline("pool");
        var now = tl.StartTicks;
        tl.Add(items.Select((item, i) => new SpanRecord
        {
            Id = 1000 + i, Label = $"item {i}", Kind = SpanKind.Process, StartTicks = now + i, EndTicks = now + i + 1,
            ProcessId = item.Pid, OsThreadId = item.Pid, EndOsThreadId = item.Pid, ManagedThreadId = 1, EndManagedThreadId = 1,
            Lane = item.Lane,
        }).ToList());
        return tl;
    }

    [Fact]
    public void WorkersAreSeparateProcesses_FourDistinctOtherPids_Holds() =>
        MultiprocessingClaims.WorkersAreSeparateProcesses([-1, -2, -3, -4], 4);

    [Fact]
    public void WorkersAreSeparateProcesses_IncludesThisProcess_Throws() =>
        Assert.Throws<ClaimFailedException>(() => MultiprocessingClaims.WorkersAreSeparateProcesses([-1, Environment.ProcessId], 2));

    [Fact]
    public void WorkersAreSeparateProcesses_RepeatedPid_Throws() =>
        Assert.Throws<ClaimFailedException>(() => MultiprocessingClaims.WorkersAreSeparateProcesses([-1, -1], 2));

    [Fact]
    public void OneLanePerWorker_EightChunksOnFourWorkers_SaysFourLanes()
    {
        using var tl = WithItems(("worker 0", 10), ("worker 1", 11), ("worker 2", 12), ("worker 3", 13), ("worker 0", 10));
        var sentence = MultiprocessingClaims.OneLanePerWorker(tl, workers: 4, items: 8, chunkSize: 1);
        Assert.Contains("8 chunk(s) for 4 worker(s): 4 lane(s)", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void OneLanePerWorker_TwoChunksOnFourWorkers_SaysTwoIdle()
    {
        using var tl = WithItems(("worker 0", 10), ("worker 1", 11));
        var sentence = MultiprocessingClaims.OneLanePerWorker(tl, workers: 4, items: 8, chunkSize: 4);
        Assert.Contains("2 worker(s) got no chunk", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void OneLanePerWorker_FewerWorkersRanThanChunksAllow_Throws()
    {
        using var tl = WithItems(("worker 0", 10), ("worker 1", 11));
        Assert.Throws<ClaimFailedException>(() => MultiprocessingClaims.OneLanePerWorker(tl, workers: 4, items: 8, chunkSize: 1));
    }

    [Fact]
    public void OneLanePerWorker_TwoProcessesInOneLane_Throws()
    {
        using var tl = WithItems(("worker 0", 10), ("worker 0", 11));
        Assert.Throws<ClaimFailedException>(() => MultiprocessingClaims.OneLanePerWorker(tl, workers: 2, items: 2, chunkSize: 1));
    }

    [Fact]
    public void CompareCosts_WarmCallBelowThread_SaysLess()
    {
        var text = MultiprocessingClaims.CompareCosts(TimeSpan.FromMicroseconds(100), TimeSpan.FromMicroseconds(10),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMicroseconds(80));
        Assert.Contains("about 500× a new thread", text, StringComparison.Ordinal);
        Assert.Contains("costs less than starting and joining a thread", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareCosts_WarmCallAsDearAsProcess_Throws() =>
        Assert.Throws<ClaimFailedException>(() => MultiprocessingClaims.CompareCosts(TimeSpan.FromMicroseconds(100),
            TimeSpan.FromMicroseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(60)));
}
