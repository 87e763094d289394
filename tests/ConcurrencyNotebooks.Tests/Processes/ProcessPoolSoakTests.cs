using System.Diagnostics;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Long runs that would show a leak: workers, pipes, threads and memory come back to where they started.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ProcessPoolSoakTests
{
    /// <summary>The most the managed heap may grow over a soak, after a full collection.</summary>
    private const long HeapGrowthBound = 64L * 1024 * 1024;

    [Fact]
    public void Map_ThousandMapsAndHundredPools_LeaveWorkersPipesThreadsAndMemoryWhereTheyWere()
    {
        using (var warm = new ProcessPool(2))
        {
            warm.Map(PoolFunctions.Square, new[] { 1, 2 }, chunkSize: 1);
        }

        var before = Snapshot();
        using (var pool = new ProcessPool(2))
        {
            for (var i = 0; i < 1_000; i++)
            {
                Assert.Equal([i * i, (i + 1) * (i + 1)], pool.Map(PoolFunctions.Square, new[] { i, i + 1 }, chunkSize: 1));
            }
        }

        for (var i = 0; i < 100; i++)
        {
            using var pool = new ProcessPool(2);
            Assert.Equal([i * i], pool.Map(PoolFunctions.Square, new[] { i }));
        }

        var after = SettledSnapshot(before);
        Assert.Equal(before.Workers, after.Workers);
        Assert.True(before.Pipes == after.Pipes, $"pipes: {before.Pipes} before, {after.Pipes} after");
        Assert.True(after.Threads <= before.Threads, $"threads: {before.Threads} before, {after.Threads} after");
        Assert.True(after.Heap - before.Heap < HeapGrowthBound, $"managed heap grew by {(after.Heap - before.Heap) / 1024} KiB");
    }

    private static (int Workers, int Pipes, int Threads, long Heap) Snapshot()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (ProcessProbe.WorkerChildrenOf(Environment.ProcessId).Count, OpenPipes(),
            PoolThreads(), GC.GetTotalMemory(forceFullCollection: true));
    }

    /// <summary>Waits for the last workers, their pipes and their threads to end, then returns the snapshot.</summary>
    private static (int Workers, int Pipes, int Threads, long Heap) SettledSnapshot((int Workers, int Pipes, int Threads, long Heap) before)
    {
        var now = before;
        Poll.Until(
            () =>
            {
                now = Snapshot();
                return now.Workers == before.Workers && now.Pipes == before.Pipes && now.Threads <= before.Threads;
            },
            "the last pools' workers, pipes and threads to end",
            seen: () => $"Workers, pipes, threads: {before.Workers}, {before.Pipes}, {before.Threads} before; {now.Workers}, {now.Pipes}, {now.Threads} last seen.");
        return now;
    }

    /// <summary>Counts this process's open pipes (each worker holds three); files that loading an assembly maps are not counted.</summary>
    private static int OpenPipes() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    /// <summary>Counts this process's threads that belong to process pools (by the names the pool gives them).</summary>
    private static int PoolThreads() =>
        Directory.GetDirectories("/proc/self/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith("process pool", StringComparison.Ordinal));
}
