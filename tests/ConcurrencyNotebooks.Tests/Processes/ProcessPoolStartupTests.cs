using System.Diagnostics;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>A pool with more workers than start-up slots: every process exists at once, no more runtimes start at a time than
/// allowed, and the held ones are released, killed or disposed like any other.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ProcessPoolStartupTests
{
    private static CancellationToken Generous => FileGate.Generous;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Map_ThreeWorkersOneStartupSlot_RunsAllThreeAtOnceButNeverStartsTwoAtOnce(bool withInitializer)
    {
        // With an initializer, its frames follow the release line in a held worker's stdin: the shell must leave them whole.
        var folder = Directory.CreateTempSubdirectory("pool-meet-").FullName;
        try
        {
            var options = new ProcessPoolOptions { StartupConcurrency = 1 };
            await using var pool = new ProcessPool(3, withInitializer ? options.WithInitializer(PoolFunctions.Init) : options);
            var pids = await pool.MapAsync(PoolFunctions.MeetPeers, Enumerable.Repeat($"{folder}|3", 3), chunkSize: 1, Generous);

            Assert.Equal(3, pids.Distinct().Count());
            Assert.Equal(pool.ProcessIds.Order(), pids.Order());
            Assert.Equal(1, pool.MostStartingUpSeen);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Map_WorkerReadyBeforeThePoolHearsOfItsStart_StillTakesItems()
    {
        // The worker's reader thread can read its Ready frame before the thread that started it reports the start.
        var options = new ProcessPoolOptions
        {
            AfterWorkerStartForTests = worker => SpinWait.SpinUntil(() => worker.IsReady || worker.Exited.IsCompleted, TimeSpan.FromSeconds(60)),
        };
        await using var pool = new ProcessPool(2, options);
        Assert.Equal([1, 4, 9], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2, 3 }, chunkSize: 1, Generous));
    }

    [Fact]
    public async Task Map_FirstWorkerDiesBeforeThePoolHearsOfItsStart_RunsOnItsReplacement()
    {
        var killed = 0;
        var options = new ProcessPoolOptions
        {
            AfterWorkerStartForTests = worker =>
            {
                if (Interlocked.Exchange(ref killed, 1) == 0)
                {
                    worker.Kill();
                    SpinWait.SpinUntil(() => worker.HasExited, TimeSpan.FromSeconds(60));
                }
            },
        };
        await using var pool = new ProcessPool(1, options);
        Assert.Equal([1, 4, 9], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2, 3 }, chunkSize: 1, Generous));
    }

    [Fact]
    public async Task Dispose_WhileWorkersAreHeldOrStarting_LeavesNoProcess()
    {
        var before = ProcessProbe.WorkerChildrenOf(Environment.ProcessId);
        var pool = new ProcessPool(4, new ProcessPoolOptions { StartupConcurrency = 1 });
        var ours = await Poll.UntilAsync(() => ProcessProbe.WorkerChildrenOf(Environment.ProcessId).Except(before).ToList(), pids => pids.Count >= 4,
            "the pool's 4 worker processes to exist");
        await pool.DisposeAsync();
        await ProcessProbe.WaitGoneAsync(ours);
    }

    [Fact]
    public async Task Map_AfterAWorkerIsKilledWhileHeldOrStarting_RunsOnItsReplacement()
    {
        await using var pool = new ProcessPool(2, new ProcessPoolOptions { StartupConcurrency = 1 });
        await Poll.UntilAsync(() => pool.ProcessIds.Count >= 2, "the pool's 2 worker processes to exist");
        var victim = pool.ProcessIds[1];
        Process.GetProcessById(victim).Kill();
        await Poll.UntilAsync(() => !pool.ProcessIds.Contains(victim) && pool.ProcessIds.Count >= 2, $"a replacement for killed worker {victim}");
        Assert.Equal([1, 4, 9, 16], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2, 3, 4 }, chunkSize: 1, Generous));
    }
}
