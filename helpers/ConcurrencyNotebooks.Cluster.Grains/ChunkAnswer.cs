namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>What a silo answers a chunk with: the pool's Result frame and where it ran.</summary>
/// <param name="Silo">The silo's runtime identity (its address).</param>
/// <param name="ProcessId">The silo process's id.</param>
/// <param name="ResultFrame">The Result frame a pool worker would have written.</param>
[GenerateSerializer, Immutable]
public sealed record ChunkAnswer([property: Id(0)] string Silo, [property: Id(1)] int ProcessId, [property: Id(2)] byte[] ResultFrame);
