using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.TestWorker;

/// <summary>Plays a parent for the orphan test: starts a pool, prints its worker pids, then sleeps until killed.</summary>
internal static class TestParent
{
    /// <summary>Starts a pool of <paramref name="workers"/> workers, runs one map, prints the pids and sleeps.</summary>
    public static int Run(int workers)
    {
        var pool = new ProcessPool(workers);
        _ = pool.Map(Square, Enumerable.Range(1, workers * 2).ToArray(), chunkSize: 1);
        _ = pool.SubmitAsync(Block, 0); // one worker stays busy, so the watchdog (not stdin EOF) must end it
        Console.Out.Write(string.Join(" ", pool.ProcessIds) + "\n");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>Blocks forever (a busy worker when the parent dies).</summary>
    public static int Block(int _)
    {
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>Squares a number (a static method of a compiled assembly: it travels without Roslyn).</summary>
    public static int Square(int n) => n * n;
}
