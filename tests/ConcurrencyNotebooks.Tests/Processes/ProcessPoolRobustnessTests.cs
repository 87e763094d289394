using System.Diagnostics;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>What a pool does when something goes wrong: each case ends with a clear error and a working next call.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ProcessPoolRobustnessTests
{
    private static CancellationToken Generous => FileGate.Generous;

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("corrupt-result")]
    [InlineData("unknown-kind")]
    public async Task Map_WorkerWritesABrokenFrame_FailsNamingTheProtocolThenAReplacementRunsTheNextCall(string fault)
    {
        var options = new ProcessPoolOptions { FirstWorkerArguments = TestWorkerHost.Fault(fault) };
        await using var pool = new ProcessPool(1, options);
        var faulty = pool.ProcessIds.Single();

        var error = await Assert.ThrowsAsync<WorkerCrashedException>(() => pool.MapAsync(PoolFunctions.Square, new[] { 3 }, cancellationToken: Generous));

        Assert.Equal(faulty, error.ProcessId);
        Assert.Contains("Square(3)", error.Message, StringComparison.Ordinal);
        if (fault != "truncated")
        {
            Assert.Contains("protocol", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal([16], await pool.MapAsync(PoolFunctions.Square, new[] { 4 }, cancellationToken: Generous));
        Assert.DoesNotContain(faulty, pool.ProcessIds);
    }

    [Fact]
    public void Map_FunctionWritesToRawStdout_ResultsAreRightAndOutputGoesToStderr()
    {
        using var pool = new ProcessPool(1, new ProcessPoolOptions { EchoWorkerOutput = false });
        Assert.Equal([1, 2, 3], pool.Map(PoolFunctions.WriteRawStdout, new[] { 1, 2, 3 }, chunkSize: 1));
        Assert.Equal([4], pool.Map(PoolFunctions.Square, new[] { 2 }));
    }

    [Fact]
    public async Task TaskTimeout_AppliesToEachItemOfAChunk_NamingTheItemThatRanOver()
    {
        // Three items in one chunk: under a per-chunk budget (3 x 2 s) the quick ones would lend their time to the slow one.
        await using var pool = new ProcessPool(1, new ProcessPoolOptions { TaskTimeout = TimeSpan.FromSeconds(2) });
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => pool.MapAsync(PoolFunctions.SleepMs, new[] { 0, 0, 600_000 }, chunkSize: 3, Generous));
        Assert.Contains("SleepMs(600000) ran longer than the task timeout of 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("per item", error.Message, StringComparison.Ordinal);
        Assert.Equal([9], await pool.MapAsync(PoolFunctions.Square, new[] { 3 }, cancellationToken: Generous));
    }

    [Fact]
    public void TaskTimeout_WhileTheThreadPoolIsStarved_StillFires()
    {
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        var cores = Environment.ProcessorCount;
        var release = new ManualResetEventSlim();   // not disposed: queued items still wait on it after the test
        try
        {
            // Starved: every thread the pool may have is blocked and work items wait in its queue, so no timer callback
            // (nor a CancellationTokenSource's deadline) can run on it. Nothing below waits on the thread pool.
            Assert.True(ThreadPool.SetMinThreads(cores, minIo));
            Assert.True(ThreadPool.SetMaxThreads(cores, maxIo));
            for (var i = 0; i < 256; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(), null);
            }

            Poll.Until(() => ThreadPool.PendingWorkItemCount > 0, "the thread pool to run out of threads");   // polls on this thread: no timer
            Exception? error = null;
            var caller = new Thread(() =>
            {
                using var pool = new ProcessPool(1, new ProcessPoolOptions { TaskTimeout = TimeSpan.FromMilliseconds(300) });
                error = Record.Exception(() => pool.Map(PoolFunctions.SleepMs, new[] { 600_000 }));
            });
            caller.Start();
            Assert.True(caller.Join(TimeSpan.FromSeconds(60)), "the timed-out map never returned while the thread pool was starved");
            Assert.True(ThreadPool.PendingWorkItemCount > 0, "the thread pool was not starved all along");
            Assert.IsType<TimeoutException>(error);
        }
        finally
        {
            release.Set();
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    [Fact]
    public async Task TaskTimeout_WorkerStoppedWithSigstop_IsKilledAndReplaced()
    {
        await using var pool = new ProcessPool(1, new ProcessPoolOptions { TaskTimeout = TimeSpan.FromSeconds(1) });
        using var gate = new FileGate("sigstop");
        var map = pool.MapAsync(PoolFunctions.WaitForFile, new[] { gate.Path }, cancellationToken: Generous);
        var pid = await gate.StartedPidAsync();
        Assert.Equal(0, Signal(pid, "STOP"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => map.WaitAsync(Generous));
        Assert.Contains($"pid {pid}", error.Message, StringComparison.Ordinal);
        Assert.Equal([4], await pool.MapAsync(PoolFunctions.Square, new[] { 2 }, cancellationToken: Generous));
        await ProcessProbe.WaitGoneAsync([pid]);
    }

    [Fact]
    public async Task Initializer_Throws_BreaksThePoolWithEachCallGettingItsOwnErrorNamingIt()
    {
        await using var pool = new ProcessPool(2, new ProcessPoolOptions().WithInitializer(PoolFunctions.FailingInit));

        var first = await Assert.ThrowsAsync<PoolBrokenException>(() => pool.MapAsync(PoolFunctions.Square, new[] { 1, 2 }, cancellationToken: Generous));
        var second = Assert.Throws<PoolBrokenException>(() => pool.Map(PoolFunctions.Square, new[] { 3 }));

        Assert.Contains("FailingInit", first.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", first.Message, StringComparison.Ordinal);
        Assert.Contains("no database here", first.Message, StringComparison.Ordinal);
        Assert.Equal("no database here", Assert.IsType<RemoteTaskException>(first.InnerException).RemoteMessage);
        Assert.NotSame(first, second);
        Assert.Equal(first.Message, second.Message);
        await ProcessProbe.WaitGoneAsync(pool.ProcessIds);
    }

    [Fact]
    public async Task AsyncCalls_WithoutAToken_StopWithTheCellsStopButton()
    {
        using var stop = new CancellationTokenSource();
        Notebook.StopTokenOverride = () => stop.Token;
        try
        {
            await using var pool = new ProcessPool(1);
            using var gate = new FileGate("stop-button");
            var map = pool.MapAsync(PoolFunctions.WaitForFile, new[] { gate.Path });
            var pid = await gate.StartedPidAsync();

            await stop.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.WaitAsync(Generous));
            await ProcessProbe.WaitGoneAsync([pid]);
            Notebook.StopTokenOverride = null;
            Assert.Equal([25], await pool.MapAsync(PoolFunctions.Square, new[] { 5 }, cancellationToken: Generous));
        }
        finally
        {
            Notebook.StopTokenOverride = null;
        }
    }

    [Fact]
    public async Task MapUnordered_LeftEarly_CancelsTheRestAndKillsItsBusyWorker()
    {
        await using var pool = new ProcessPool(2);
        using var gate = new FileGate("unordered");
        var items = new[] { "quick", gate.Path };
        var blocked = 0;
        await foreach (var pid in pool.MapUnordered(PoolFunctions.WaitForFileUnlessQuick, items, cancellationToken: Generous))
        {
            Assert.True(pid > 0);
            blocked = await gate.StartedPidAsync();   // the other item is running now: leaving must stop it, not just skip it
            break;
        }

        await ProcessProbe.WaitGoneAsync([blocked]);
        Assert.Equal([1, 4], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2 }, chunkSize: 1, Generous));
    }

    [Fact]
    public async Task UnreachablePool_IsFinalized_ItsWorkersExit()
    {
        var pids = StartAndAbandon();
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        await ProcessProbe.WaitGoneAsync(pids);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<int> StartAndAbandon()
    {
        var pool = new ProcessPool(2);
        Assert.Equal([1, 4], pool.Map(PoolFunctions.Square, new[] { 1, 2 }, chunkSize: 1));
        return pool.ProcessIds;
    }

    private static int Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
