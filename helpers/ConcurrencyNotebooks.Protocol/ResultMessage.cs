namespace ConcurrencyNotebooks.Protocol;

/// <summary>Worker to parent: what one chunk produced: results, timings, captured output and an optional error.</summary>
/// <remarks>Payload: [int64 task id][int32 n][n × block of result JSON][int32 t][t × (int64 start, int64 end)]
/// [string output][byte has error]{[int32 index][string type][string message][string details]}.</remarks>
internal sealed class ResultMessage
{
    /// <summary>Gets the task id of the chunk this answers.</summary>
    public required long TaskId { get; init; }

    /// <summary>Gets the JSON of each completed item's result, in item order (slices of one copy of the frame).</summary>
    public required ReadOnlyMemory<byte>[] Results { get; init; }

    /// <summary>Gets the start ticks of each timed item, or of the whole chunk when items were not timed one by one.</summary>
    public required long[] StartTicks { get; init; }

    /// <summary>Gets the end ticks matching <see cref="StartTicks"/>.</summary>
    public required long[] EndTicks { get; init; }

    /// <summary>Gets the console output the function wrote.</summary>
    public required string Output { get; init; }

    /// <summary>Gets the index within the chunk of the item that threw, or -1.</summary>
    public int ErrorIndex { get; init; } = -1;

    /// <summary>Gets the remote exception's type name.</summary>
    public string ErrorType { get; init; } = string.Empty;

    /// <summary>Gets the remote exception's message.</summary>
    public string ErrorMessage { get; init; } = string.Empty;

    /// <summary>Gets the remote exception's ToString (type, message, stack).</summary>
    public string ErrorDetails { get; init; } = string.Empty;

    /// <summary>Writes a Result frame from the worker's buffers.</summary>
    /// <param name="writer">Receives the frame.</param>
    /// <param name="taskId">The chunk's task id.</param>
    /// <param name="resultCount">How many result blocks <paramref name="resultBlocks"/> holds.</param>
    /// <param name="resultBlocks">The results, each already written as a block.</param>
    /// <param name="starts">Start ticks.</param>
    /// <param name="ends">End ticks (same length).</param>
    /// <param name="output">Captured console output.</param>
    /// <param name="errorIndex">The index of the item that threw, or -1.</param>
    /// <param name="error">The exception it threw, or null.</param>
    public static void WriteFrame(WireWriter writer, long taskId, int resultCount, ReadOnlySpan<byte> resultBlocks,
        ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, string output, int errorIndex, Exception? error)
    {
        writer.BeginFrame(FrameKind.Result);
        writer.WriteInt64(taskId);
        writer.WriteInt32(resultCount);
        writer.WriteRaw(resultBlocks);
        writer.WriteInt32(starts.Length);
        for (var i = 0; i < starts.Length; i++)
        {
            writer.WriteInt64(starts[i]);
            writer.WriteInt64(ends[i]);
        }

        writer.WriteString(output);
        writer.WriteByte(error is null ? (byte)0 : (byte)1);
        if (error is not null)
        {
            writer.WriteInt32(errorIndex);
            writer.WriteString(error.GetType().FullName);
            writer.WriteString(error.Message);
            writer.WriteString(error.ToString());
        }

        writer.EndFrame();
    }

    /// <summary>Reads a Result frame's payload.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated or a count is impossible.</exception>
    public static ResultMessage Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var taskId = reader.ReadInt64();
        var count = reader.ReadInt32();
        reader.EnsureCount(count, 4);
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
        reader.EnsureCount(timed, 16);
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
            ? new ResultMessage
            {
                TaskId = taskId, Results = results, StartTicks = starts, EndTicks = ends, Output = output,
                ErrorIndex = reader.ReadInt32(), ErrorType = reader.ReadString(), ErrorMessage = reader.ReadString(), ErrorDetails = reader.ReadString(),
            }
            : new ResultMessage { TaskId = taskId, Results = results, StartTicks = starts, EndTicks = ends, Output = output };
    }
}
