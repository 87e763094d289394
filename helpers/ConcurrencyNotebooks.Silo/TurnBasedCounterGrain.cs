using ConcurrencyNotebooks.Cluster.Grains;

namespace ConcurrencyNotebooks.Silo;

/// <summary>The counter with Orleans' default scheduling: one message at a time, so no increment is lost.</summary>
internal sealed class TurnBasedCounterGrain : CounterGrain, ITurnBasedCounterGrain
{
}
