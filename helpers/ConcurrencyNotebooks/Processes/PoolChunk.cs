namespace ConcurrencyNotebooks.Processes;

/// <summary>Holds one unit of work sent to a worker: a function, a run of consecutive items and the prebuilt Run frame.</summary>
internal sealed class PoolChunk
{
    /// <summary>Gets the function to run.</summary>
    public required ShippedFunction Function { get; init; }

    /// <summary>Gets the Run frame (task id, function id, the items' JSON).</summary>
    public required byte[] RunFrame { get; init; }

    /// <summary>Gets the id that matches the worker's Result frame to this chunk.</summary>
    public required long TaskId { get; init; }

    /// <summary>Gets the index of the chunk's first item in its operation.</summary>
    public required int Offset { get; init; }

    /// <summary>Gets the number of items.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the operation that receives the chunk's results or error.</summary>
    public required ChunkSink Sink { get; init; }
}
