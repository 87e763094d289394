namespace ConcurrencyNotebooks.Processes;

/// <summary>Holds what a worker sent back for one chunk: results, timings, captured output and an optional error.</summary>
internal sealed class ChunkResult
{
    /// <summary>Gets or sets the JSON of each completed item's result, in item order (slices of one copy of the frame).</summary>
    public required ReadOnlyMemory<byte>[] Results { get; init; }

    /// <summary>Gets or sets the start ticks of each completed (or failed) item.</summary>
    public required long[] StartTicks { get; init; }

    /// <summary>Gets or sets the end ticks of each completed (or failed) item.</summary>
    public required long[] EndTicks { get; init; }

    /// <summary>Gets or sets the console output the function wrote.</summary>
    public required string Output { get; init; }

    /// <summary>Gets or sets the index within the chunk of the item that threw, or -1.</summary>
    public int ErrorIndex { get; init; } = -1;

    /// <summary>Gets or sets the remote exception's type name.</summary>
    public string ErrorType { get; init; } = string.Empty;

    /// <summary>Gets or sets the remote exception's message.</summary>
    public string ErrorMessage { get; init; } = string.Empty;

    /// <summary>Gets or sets the remote exception's stack trace (its ToString).</summary>
    public string ErrorDetails { get; init; } = string.Empty;

    /// <summary>Parses a Result frame's payload (after the task id).</summary>
    public static ChunkResult Parse(ref WireReader reader)
    {
        var count = reader.ReadInt32();
        var results = new ReadOnlyMemory<byte>[count];
        if (count > 0)
        {
            // One copy of all the results' bytes, sliced per item: no array per result.
            var first = reader.Position;
            for (var i = 0; i < count; i++)
            {
                reader.ReadBlock();
            }

            var copy = reader.Slice(first, reader.Position - first).ToArray();
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(at));
                results[i] = copy.AsMemory(at + 4, length);
                at += 4 + length;
            }
        }

        var timed = reader.ReadInt32();
        var starts = new long[timed];
        var ends = new long[timed];
        for (var i = 0; i < timed; i++)
        {
            starts[i] = reader.ReadInt64();
            ends[i] = reader.ReadInt64();
        }

        var output = reader.ReadString();
        var hasError = reader.ReadByte() != 0;
        return hasError
            ? new ChunkResult
            {
                Results = results, StartTicks = starts, EndTicks = ends, Output = output,
                ErrorIndex = reader.ReadInt32(), ErrorType = reader.ReadString(), ErrorMessage = reader.ReadString(), ErrorDetails = reader.ReadString(),
            }
            : new ChunkResult { Results = results, StartTicks = starts, EndTicks = ends, Output = output };
    }
}
