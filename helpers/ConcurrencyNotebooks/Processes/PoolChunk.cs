using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Holds one unit of work sent to a worker: a function, a run of consecutive items and the prebuilt Run frame.</summary>
internal sealed class PoolChunk
{
    private static long _lastTaskId;

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

    /// <summary>Returns a fresh task id, unique in this process.</summary>
    public static long NextTaskId() => Interlocked.Increment(ref _lastTaskId);

    /// <summary>Builds the chunk that runs a pool's initializer once in a fresh worker.</summary>
    public static PoolChunk ForInitializer(ShippedFunction initializer)
    {
        var taskId = NextTaskId();
        var frame = new RunMessage(taskId, initializer.Id, RunFlags.ReportItemStarts, 1).ToFrame("null"u8);
        return new PoolChunk
        {
            Function = initializer, RunFrame = frame, TaskId = taskId, Offset = 0, Count = 1, Sink = new InitializerSink(initializer),
        };
    }
}
