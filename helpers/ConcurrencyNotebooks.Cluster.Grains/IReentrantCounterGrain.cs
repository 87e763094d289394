namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>A counter grain marked [Reentrant]: while an increment awaits, the next message may run on the same activation.</summary>
public interface IReentrantCounterGrain : ICounterGrain
{
}
