namespace ConcurrencyNotebooks.Protocol;

/// <summary>Parent to worker: run function <see cref="FunctionId"/> over <see cref="Count"/> JSON arguments.</summary>
/// <remarks>Payload: [int64 task id][int32 function id][byte flags][int32 count], then count blocks of argument JSON.
/// <see cref="WriteFrame"/> and <see cref="ToFrame"/> build the frame; the receiver reads the blocks after <see cref="Read"/>.</remarks>
/// <param name="TaskId">The id the worker's <see cref="ResultMessage"/> answers with.</param>
/// <param name="FunctionId">The id of a function sent before in a <see cref="LoadMessage"/>.</param>
/// <param name="Flags">What the worker reports while it runs.</param>
/// <param name="Count">How many argument blocks follow.</param>
internal readonly record struct RunMessage(long TaskId, int FunctionId, RunFlags Flags, int Count)
{
    /// <summary>Writes a whole Run frame with this header and the JSON of <see cref="Count"/> arguments from <paramref name="offset"/> on.</summary>
    /// <param name="writer">Receives the frame after what it holds.</param>
    /// <param name="arguments">The arguments; those at <paramref name="offset"/> up to <paramref name="offset"/> + <see cref="Count"/> are written.</param>
    /// <param name="offset">The index of the first argument to write.</param>
    /// <param name="role">What an argument is, for the error when one cannot be serialized.</param>
    /// <param name="checkArgument">Called with each argument's index and JSON length once it is written; it throws to refuse one.</param>
    /// <returns>The frame's size in bytes.</returns>
    /// <exception cref="ArgumentException">An argument cannot be serialized.</exception>
    public int WriteFrame<T>(WireWriter writer, IReadOnlyList<T> arguments, int offset, string role, Action<int, int>? checkArgument = null)
    {
        WriteHeader(writer);
        for (var i = offset; i < offset + Count; i++)
        {
            var length = PayloadJson.WriteBlock(writer, arguments[i], role);
            checkArgument?.Invoke(i, length);
        }

        return writer.EndFrame();
    }

    /// <summary>Returns a whole Run frame with this header, whose <see cref="Count"/> must be 1, and one argument given as JSON.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Count"/> is not 1.</exception>
    public byte[] ToFrame(ReadOnlySpan<byte> argumentJson)
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"A Run frame of one argument has Count 1, not {Count}.");
        }

        var writer = new WireWriter(32 + argumentJson.Length);
        WriteHeader(writer);
        writer.WriteBlock(argumentJson);
        writer.EndFrame();
        return writer.ToArray();
    }

    /// <summary>Reads the header; the argument blocks follow in <paramref name="reader"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated or its count is impossible.</exception>
    public static RunMessage Read(ref WireReader reader)
    {
        var message = new RunMessage(reader.ReadInt64(), reader.ReadInt32(), (RunFlags)reader.ReadByte(), reader.ReadInt32());
        reader.EnsureCount(message.Count, 4);
        return message;
    }

    private void WriteHeader(WireWriter writer)
    {
        writer.BeginFrame(FrameKind.Run);
        writer.WriteInt64(TaskId);
        writer.WriteInt32(FunctionId);
        writer.WriteByte((byte)Flags);
        writer.WriteInt32(Count);
    }
}
