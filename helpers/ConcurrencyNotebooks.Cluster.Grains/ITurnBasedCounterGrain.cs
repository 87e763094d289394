namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>A counter grain that runs one message at a time: a second increment waits until the first has written.</summary>
public interface ITurnBasedCounterGrain : ICounterGrain
{
}
