using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Tests.Processes;

[Collection(ProcessTestCollection.Name)]
public sealed class ProcessPoolTests
{
    private static CancellationToken Generous => FileGate.Generous;

    [Fact]
    public void Map_StaticMethod_ReturnsResultsInOrder()
    {
        using var pool = new ProcessPool(2);
        Assert.Equal([1, 4, 9, 16], pool.Map(PoolFunctions.Square, new[] { 1, 2, 3, 4 }));
    }

    [Fact]
    public void Map_CompiledLocalFunctionCapturingNothing_TravelsByTokenAsInAnExportedApp()
    {
        static int Triple(int n) => n * 3;
        using var pool = new ProcessPool(1);
        Assert.Equal([3, 6], pool.Map(Triple, new[] { 1, 2 }));
        Assert.Equal("Square", FunctionShipper.LocalFunctionName("<<Main>$>g__Square|0_0"));
        Assert.Null(FunctionShipper.LocalFunctionName("<<Main>$>b__0_1"));
    }

    [Fact]
    public void Map_Lambda_CompilesAndReturnsResultsInOrder()
    {
        using var pool = new ProcessPool(2);
        Assert.Equal([1, 4, 9, 16], pool.Map(n => n * n, new[] { 1, 2, 3, 4 }));
    }

    [Fact]
    public void Map_LambdaWithGenericsArraysAndTuples_RoundTrips()
    {
        using var pool = new ProcessPool(2);
        var items = new List<(string Name, int[] Values)> { ("a", [1, 2]), ("b", [3]) };
        var results = pool.Map(x => new Dictionary<string, int> { [x.Name] = x.Values.Sum() }, items);
        Assert.Equal(3, results[0]["a"]);
        Assert.Equal(3, results[1]["b"]);
    }

    [Fact]
    public async Task MapAsync_ManyItemsSmallChunks_AllArriveInOrder()
    {
        await using var pool = new ProcessPool(2);
        var items = Enumerable.Range(0, 1000).ToArray();
        var results = await pool.MapAsync(PoolFunctions.Square, items, chunkSize: 7, Generous);
        Assert.Equal(items.Select(n => n * n), results);
    }

    [Fact]
    public async Task MapUnordered_SeveralItems_YieldsEveryResult()
    {
        await using var pool = new ProcessPool(2);
        var seen = new List<int>();
        await foreach (var r in pool.MapUnordered(PoolFunctions.Square, Enumerable.Range(1, 20), cancellationToken: Generous))
        {
            seen.Add(r);
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(n => n * n), seen.Order());
    }

    [Fact]
    public async Task SubmitAsync_OneCall_ReturnsItsResult()
    {
        await using var pool = new ProcessPool(1);
        Assert.Equal(42, await pool.SubmitAsync(n => n + 1, 41, Generous));
        Assert.Equal("done", await pool.SubmitAsync(() => "done", Generous));
    }

    [Fact]
    public void StarMap_PairsAndTriples_SpreadIntoParameters()
    {
        using var pool = new ProcessPool(2);
        Assert.Equal([3, 7], pool.StarMap(PoolFunctions.Add, new[] { (1, 2), (3, 4) }));
        Assert.Equal([6, 15], pool.StarMap((a, b, c) => a + b + c, new[] { (1, 2, 3), (4, 5, 6) }));
    }

    [Fact]
    public async Task Map_AfterWaitForWorkers_GivesEachIdleWorkerOneItem()
    {
        await using var pool = new ProcessPool(3);
        await pool.WaitForWorkersAsync(FileGate.Generous);
        var pids = await pool.MapAsync(PoolFunctions.Pid, Enumerable.Range(0, 3), chunkSize: 1, FileGate.Generous);
        Assert.DoesNotContain(Environment.ProcessId, pids);
        Assert.Equal(pool.ProcessIds.Order(), pids.Order());
    }

    [Fact]
    public async Task WaitForWorkers_PoolDisposedFirst_ThrowsObjectDisposed()
    {
        var pool = new ProcessPool(2);
        await pool.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.WaitForWorkersAsync(FileGate.Generous));
        Assert.Throws<ObjectDisposedException>(pool.WaitForWorkers);
    }

    [Fact]
    public async Task Map_SlowItemsOfAnotherFunctionAfterTinyOnes_SpreadOverTheWorkers()
    {
        // Tiny Square chunks let a worker queue chunks ahead; that must not carry over to a function whose items block.
        var folder = Directory.CreateTempSubdirectory("pool-spread-").FullName;
        try
        {
            await using var pool = new ProcessPool(2);
            await pool.WaitForWorkersAsync(FileGate.Generous);
            await pool.MapAsync(PoolFunctions.Square, Enumerable.Range(0, 200), chunkSize: 1, FileGate.Generous);
            var pids = await pool.MapAsync(PoolFunctions.MeetPeers, Enumerable.Repeat($"{folder}|2", 2), chunkSize: 1, FileGate.Generous);
            Assert.Equal(2, pids.Distinct().Count());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Map_WorkerConsoleOutput_StaysOutOfTheProtocol()
    {
        using var pool = new ProcessPool(1, new ProcessPoolOptions { EchoWorkerOutput = false });
        Assert.Equal([1, 2, 3], pool.Map(PoolFunctions.Say, new[] { 1, 2, 3 }));
    }

    [Fact]
    public void Map_Initializer_RunsInEachWorkerBeforeTasks()
    {
        var options = new ProcessPoolOptions().WithInitializer(PoolFunctions.Init);
        using var pool = new ProcessPool(2, options);
        Assert.All(pool.Map(PoolFunctions.ReadInit, Enumerable.Range(0, 6), chunkSize: 1), s => Assert.Equal("ready", s));
    }

    [Fact]
    public void Map_LambdaInitializer_RunsInEachWorker()
    {
        var options = new ProcessPoolOptions().WithInitializer(() => Environment.SetEnvironmentVariable("POOL_TEST_INIT", "ready"));
        using var pool = new ProcessPool(1, options);
        Assert.Equal(["ready"], pool.Map(PoolFunctions.ReadInit, new[] { 0 }));
    }

    [Fact]
    public void Map_MaxTasksPerWorker_RecyclesWorkers()
    {
        using var pool = new ProcessPool(1, new ProcessPoolOptions { MaxTasksPerWorker = 2 });
        var pids = pool.Map(PoolFunctions.Pid, Enumerable.Range(0, 6), chunkSize: 1);
        Assert.Equal(3, pids.Distinct().Count());
    }

    [Fact]
    public void Map_EmptyItems_ReturnsEmpty()
    {
        using var pool = new ProcessPool(1);
        Assert.Empty(pool.Map(PoolFunctions.Square, Array.Empty<int>()));
    }

    [Fact]
    public async Task Shared_SameWorkerCount_ReturnsTheSameWarmPool()
    {
        var first = ProcessPool.Shared(2);
        first.Dispose();
        var second = ProcessPool.Shared(2);
        Assert.Same(first, second);
        Assert.Equal([4], await second.MapAsync(PoolFunctions.Square, new[] { 2 }, cancellationToken: Generous));
    }

    [Fact]
    public async Task MapAsync_Cancelled_KillsRunningWorkersAndPoolStaysUsable()
    {
        await using var pool = new ProcessPool(1);
        var before = pool.ProcessIds.Single();
        using var cts = new CancellationTokenSource();
        using var gate = new FileGate("cancel");
        var map = pool.MapAsync(PoolFunctions.WaitForFile, new[] { gate.Path }, cancellationToken: cts.Token);
        await gate.StartedPidAsync();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.WaitAsync(Generous));
        await ProcessProbe.WaitGoneAsync([before]);
        Assert.Equal([9], await pool.MapAsync(PoolFunctions.Square, new[] { 3 }, cancellationToken: Generous));
    }

    [Fact]
    public void Map_WithTimeline_AddsOneSpanPerItemInWorkerLanesOnTheParentsClock()
    {
        using var timeline = new ConcurrencyNotebooks.Timelines.Timeline("pool");
        using var pool = new ProcessPool(2, new ProcessPoolOptions { Timeline = timeline });
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        pool.Map(PoolFunctions.Square, new[] { 1, 2, 3, 4 }, chunkSize: 1);
        var after = System.Diagnostics.Stopwatch.GetTimestamp();

        var spans = timeline.Snapshot().Where(s => s.Kind == ConcurrencyNotebooks.Timelines.SpanKind.Process).ToList();
        Assert.Equal(["Square(1)", "Square(2)", "Square(3)", "Square(4)"], spans.Select(s => s.Label).Order());
        Assert.All(spans, s => Assert.InRange(s.StartTicks, before, s.EndTicks));
        Assert.All(spans, s => Assert.InRange(s.EndTicks, s.StartTicks, after));
        Assert.All(spans, s => Assert.Contains(s.ProcessId, pool.ProcessIds));
        Assert.All(spans, s => Assert.StartsWith("worker ", s.Lane, StringComparison.Ordinal));
    }
}
