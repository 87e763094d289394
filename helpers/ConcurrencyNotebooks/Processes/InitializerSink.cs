using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Receives the outcome of a pool initializer's run in a fresh worker (the pool records its error on the worker).</summary>
internal sealed class InitializerSink(ShippedFunction initializer) : ChunkSink
{
    /// <inheritdoc/>
    public override void Complete(PoolChunk chunk, ResultMessage result, WorkerConnection worker)
    {
    }

    /// <inheritdoc/>
    public override void Fail(PoolChunk chunk, Exception error)
    {
    }

    /// <inheritdoc/>
    public override string Label(int index) => $"the pool's initializer {initializer.DisplayName}";

    /// <inheritdoc/>
    public override object? Item(int index) => null;
}
