namespace ConcurrencyNotebooks.Demos;

/// <summary>Names one case of the thread-pool lab: how its jobs wait, and an optional minimum to raise the pool to first.</summary>
/// <param name="Name">The case's name: its lanes and its thread-count line on the timeline.</param>
/// <param name="Jobs">How each job waits.</param>
/// <param name="MinThreads">A minimum to raise the pool's worker minimum to (never lowered); 0 leaves it as is.</param>
public sealed record ThreadPoolLabCase(string Name, ThreadPoolLabJobs Jobs, int MinThreads = 0)
{
    /// <summary>Jobs that block in <c>Thread.Sleep</c>.</summary>
    public static ThreadPoolLabCase ThreadSleep { get; } = new("A: Thread.Sleep", ThreadPoolLabJobs.ThreadSleep);

    /// <summary>Jobs that block in <c>.Wait()</c> on a task.</summary>
    public static ThreadPoolLabCase TaskWait { get; } = new("B: Task .Wait()", ThreadPoolLabJobs.TaskWait);

    /// <summary>Jobs that <c>await</c>.</summary>
    public static ThreadPoolLabCase Await { get; } = new("C: await", ThreadPoolLabJobs.Await);

    /// <summary>Returns this case with the pool's minimum raised to at least <paramref name="minThreads"/> before the jobs start.</summary>
    /// <param name="minThreads">The wanted minimum; a higher current minimum is kept.</param>
    /// <returns>The new case, named after the raise.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="minThreads"/> is less than 1.</exception>
    public ThreadPoolLabCase WithMinThreads(int minThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minThreads, 1);
        return this with { Name = $"{Name}, min ≥ {minThreads}", MinThreads = minThreads };
    }
}
