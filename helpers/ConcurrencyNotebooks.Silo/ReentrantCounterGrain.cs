using ConcurrencyNotebooks.Cluster.Grains;
using Orleans.Concurrency;

namespace ConcurrencyNotebooks.Silo;

/// <summary>The counter marked [Reentrant]: increments interleave at their await, and those that read the same count lose updates.</summary>
[Reentrant]
internal sealed class ReentrantCounterGrain : CounterGrain, IReentrantCounterGrain
{
}
