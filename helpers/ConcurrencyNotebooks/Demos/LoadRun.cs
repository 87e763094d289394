using System.Text.Json.Serialization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>What <see cref="LoadLab.Serve"/> measured: each request's latency, and the thread pool sampled over time.</summary>
/// <param name="LatencyMs">Each request's latency in milliseconds (arrival to handled), in arrival order.</param>
/// <param name="SampleMs">When each pool sample was taken, in milliseconds from the start.</param>
/// <param name="QueuedWorkItems">The pool's queue length at each sample (<see cref="ThreadPool.PendingWorkItemCount"/>).</param>
/// <param name="PoolThreads">The pool's thread count at each sample (<see cref="ThreadPool.ThreadCount"/>).</param>
/// <remarks>Plain arrays, so it travels from a worker process as JSON.</remarks>
public sealed record LoadRun(double[] LatencyMs, double[] SampleMs, double[] QueuedWorkItems, double[] PoolThreads)
{
    /// <summary>Gets the median latency in milliseconds.</summary>
    [JsonIgnore]
    public double MedianLatencyMs => LatencyMs.Order().ElementAt(LatencyMs.Length / 2);

    /// <summary>Gets the worst latency in milliseconds.</summary>
    [JsonIgnore]
    public double WorstLatencyMs => LatencyMs.Max();

    /// <summary>Gets the longest queue sampled.</summary>
    [JsonIgnore]
    public double MostQueued => QueuedWorkItems.Max();

    /// <summary>Gets the most pool threads sampled.</summary>
    [JsonIgnore]
    public double MostThreads => PoolThreads.Max();
}
