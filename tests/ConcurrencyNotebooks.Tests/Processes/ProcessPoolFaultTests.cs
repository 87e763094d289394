using System.Diagnostics;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Tests.Processes;

[Collection(ProcessTestCollection.Name)]
public sealed class ProcessPoolFaultTests
{
    private static CancellationToken Generous => FileGate.Generous;

    [Fact]
    public async Task Map_WorkerKilledMidMap_FailsNamingWorkerSignalAndItemThenPoolRecovers()
    {
        await using var pool = new ProcessPool(2);
        using var gate = new FileGate("crash");
        var map = pool.MapAsync(PoolFunctions.WaitForFile, new[] { gate.Path }, cancellationToken: Generous);
        var pid = await gate.StartedPidAsync();
        Process.GetProcessById(pid).Kill();

        var error = await Assert.ThrowsAsync<WorkerCrashedException>(() => map.WaitAsync(Generous));
        Assert.Equal(pid, error.ProcessId);
        Assert.Equal(9, error.Signal);
        Assert.Equal(gate.Path, error.Item);
        Assert.Contains($"pid {pid}", error.Message, StringComparison.Ordinal);
        Assert.Contains("SIGKILL", error.Message, StringComparison.Ordinal);
        Assert.Contains("WaitForFile", error.Message, StringComparison.Ordinal);

        Assert.Equal([1, 4, 9, 16], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2, 3, 4 }, chunkSize: 1, Generous));
        Assert.DoesNotContain(pid, pool.ProcessIds);
        Assert.Equal(2, pool.ProcessIds.Count);
    }

    [Fact]
    public async Task Map_WorkerDiesWithChunksQueuedInItsPipe_BlamesTheRunningItemAndTheQueuedOnesStillRun()
    {
        // Tiny chunks are queued up in a worker's pipe behind the running one. When the process dies, the error must name
        // the item it was running, and the chunks waiting behind it (here another map's) must run on the replacement.
        await using var pool = new ProcessPool(1);
        var crashing = pool.MapAsync(PoolFunctions.ExitWhenNegative, new[] { 1, 2, 3, -4, 5 }, chunkSize: 1, Generous);
        var bystander = pool.MapAsync(PoolFunctions.Square, Enumerable.Range(0, 200), chunkSize: 1, Generous);

        var error = await Assert.ThrowsAsync<WorkerCrashedException>(() => crashing);
        Assert.Equal(-4, error.Item);
        Assert.Equal(7, error.ExitCode);
        Assert.Contains("ExitWhenNegative(-4)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => n * n), await bystander);
    }

    [Fact]
    public async Task Map_TinyChunks_AreQueuedAheadInTheWorkersPipe()
    {
        await using var pool = new ProcessPool(1);
        var results = await pool.MapAsync(PoolFunctions.Square, Enumerable.Range(0, 2_000), chunkSize: 1, Generous);
        Assert.Equal(Enumerable.Range(0, 2_000).Select(n => n * n), results);
        Assert.True(pool.MostChunksInFlight > 1, $"at most {pool.MostChunksInFlight} chunk(s) were in a worker's pipe at once");
        Assert.True(pool.MostChunksInFlight <= ProcessPool.PipelineDepth);
    }

    [Fact]
    public async Task Map_SlowChunks_GoOneAtATimeSoIdleWorkersGetThem()
    {
        await using var pool = new ProcessPool(2);
        var results = await pool.MapAsync(PoolFunctions.SleepMs, Enumerable.Repeat(20, 8), chunkSize: 1, Generous);
        Assert.Equal(Enumerable.Repeat(20, 8), results);
        Assert.Equal(1, pool.MostChunksInFlight);
    }

    [Fact]
    public void Map_FunctionThrows_SurfacesRemoteTypeMessageAndStackThenPoolStillWorks()
    {
        using var pool = new ProcessPool(2);
        var error = Assert.Throws<RemoteTaskException>(() => pool.Map(PoolFunctions.Divide, new[] { 1, 0, 2 }, chunkSize: 1));
        Assert.Equal("System.DivideByZeroException", error.RemoteType);
        Assert.Equal("Divide(0)", error.Label);
        Assert.Equal(0, error.Item);
        Assert.Contains("Divide", error.RemoteStackTrace, StringComparison.Ordinal);
        Assert.Contains("Attempted to divide by zero", error.Message, StringComparison.Ordinal);
        Assert.Equal([4], pool.Map(PoolFunctions.Square, new[] { 2 }));
    }

    [Fact]
    public async Task Submit_PastTaskTimeout_KillsAndReplacesThatWorkerWhileOthersKeepGoing()
    {
        await using var pool = new ProcessPool(2, new ProcessPoolOptions { TaskTimeout = TimeSpan.FromMilliseconds(500) });
        var slow = pool.SubmitAsync(PoolFunctions.SleepMs, 600_000, Generous);
        var quick = await pool.MapAsync(PoolFunctions.Square, Enumerable.Range(0, 50), chunkSize: 1, Generous);
        Assert.Equal(Enumerable.Range(0, 50).Select(n => n * n), quick);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => slow.WaitAsync(Generous));
        Assert.Contains("SleepMs(600000)", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.5 s", error.Message, StringComparison.Ordinal);
        Assert.Equal([9], await pool.MapAsync(PoolFunctions.Square, new[] { 3 }, cancellationToken: Generous));
        Assert.Equal(2, pool.ProcessIds.Count);
    }

    [Fact]
    public async Task Workers_ParentKilledWithSigkill_EachExitsWithinTwoSeconds()
    {
        var info = WorkerLauncher.StartInfo(TestWorkerHost.Parent(3));
        info.RedirectStandardInput = false;
        using var parent = Process.Start(info)!;
        var line = await parent.StandardOutput.ReadLineAsync(Generous);
        var pids = line!.Split(' ').Select(int.Parse).ToList();
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.True(ProcessProbe.IsAlive(pid)));

        parent.Kill();
        await ProcessProbe.WaitGoneAsync(pids, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task CreateUseDisposeInALoop_DisposeTwice_LeavesNoProcessesAndReusesCompiledCode()
    {
        for (var round = 0; round < 3; round++)
        {
            var pool = new ProcessPool(2);
            Assert.Equal([2, 4], pool.Map(n => n * 2, new[] { 1, 2 }));
            Assert.Equal([2, 4], pool.Map(n => n * 2, new[] { 1, 2 }));
            var pids = pool.ProcessIds;
            await pool.DisposeAsync();
            await pool.DisposeAsync();
            pool.Dispose();
            Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid), $"worker {pid} still alive after DisposeAsync"));
            Assert.Throws<ObjectDisposedException>(() => pool.Map(PoolFunctions.Square, new[] { 1 }));
        }
    }

    [Fact]
    public void Dispose_WhileBusy_KillsWorkersAndFailsTheMap()
    {
        var pool = new ProcessPool(1);
        var map = pool.MapAsync(PoolFunctions.SleepMs, new[] { 600_000 });
        var pids = pool.ProcessIds;
        pool.Dispose();
        Assert.ThrowsAny<Exception>(() => map.Wait(Generous));
        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveWorkers_ThrowsNamingTheParameter(int workers)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessPool(workers));
        Assert.Equal("workers", error.ParamName);
    }

    [Fact]
    public void Map_NullFunctionOrItems_Throws()
    {
        using var pool = new ProcessPool(1);
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => pool.Map((Func<int, int>)null!, new[] { 1 })).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => pool.Map(PoolFunctions.Square, (int[])null!)).ParamName);
    }

    [Fact]
    public void Map_ArgumentOverFrameLimit_FailsNamingSizeAndLimitThenPoolStillWorks()
    {
        using var pool = new ProcessPool(1);
        var huge = new string('x', 70 * 1024 * 1024);
        var error = Assert.Throws<ArgumentException>(() => pool.Map(s => s.Length, new[] { huge }));
        Assert.Contains("70.0 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("64.0 MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal([4], pool.Map(PoolFunctions.Square, new[] { 2 }));
    }

    [Fact]
    public void Map_ResultOverFrameLimit_FailsNamingTheLimitThenPoolStillWorks()
    {
        using var pool = new ProcessPool(1);
        var error = Assert.Throws<RemoteTaskException>(() => pool.Map(PoolFunctions.Repeat, new[] { 70 * 1024 * 1024 }));
        Assert.Contains("64 MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal([4], pool.Map(PoolFunctions.Square, new[] { 2 }));
    }

    [Fact]
    public void Map_NonSerializableArgument_FailsNamingTheType()
    {
        using var pool = new ProcessPool(1);
        var error = Assert.Throws<ArgumentException>(() => pool.Map(f => 1, new Func<int>[] { () => 1 }));
        Assert.Contains("Func<int>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_LambdaCapturingALocal_FailsNamingTheVariableAndTheFix()
    {
        using var pool = new ProcessPool(1);
        var factor = 3;
        var error = Assert.Throws<FunctionNotShippableException>(() => pool.Map(n => n * factor, new[] { 1 }));
        Assert.Equal(["factor"], error.CapturedVariables);
        Assert.Contains("'factor'", error.Message, StringComparison.Ordinal);
        Assert.Contains("StarMap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_FunctionUsingSomethingUnshippable_GivesTheCompilerMessage()
    {
        using var pool = new ProcessPool(1);
        var error = Assert.Throws<FunctionNotShippableException>(() => pool.Map(n => ProcessProbe.IsAlive(n), new[] { 1 }));
        Assert.Contains("ProcessProbe", error.Message, StringComparison.Ordinal);
    }
}
