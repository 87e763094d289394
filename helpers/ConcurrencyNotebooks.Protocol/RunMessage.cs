namespace ConcurrencyNotebooks.Processes;

/// <summary>Parent to worker: run function <see cref="FunctionId"/> over <see cref="Count"/> JSON arguments.</summary>
/// <remarks>Payload: [int64 task id][int32 function id][byte flags][int32 count], then count blocks of argument JSON,
/// which the sender writes after <see cref="BeginFrame"/> and the receiver reads after <see cref="Read"/>.</remarks>
/// <param name="TaskId">The id the worker's <see cref="ResultMessage"/> answers with.</param>
/// <param name="FunctionId">The id of a function sent before in a <see cref="LoadMessage"/>.</param>
/// <param name="Flags">What the worker reports while it runs.</param>
/// <param name="Count">How many argument blocks follow.</param>
internal readonly record struct RunMessage(long TaskId, int FunctionId, RunFlags Flags, int Count)
{
    /// <summary>Starts a Run frame with this header; write <see cref="Count"/> blocks, then <see cref="WireWriter.EndFrame"/>.</summary>
    public void BeginFrame(WireWriter writer)
    {
        writer.BeginFrame(FrameKind.Run);
        writer.WriteInt64(TaskId);
        writer.WriteInt32(FunctionId);
        writer.WriteByte((byte)Flags);
        writer.WriteInt32(Count);
    }

    /// <summary>Reads the header; the argument blocks follow in <paramref name="reader"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated or its count is impossible.</exception>
    public static RunMessage Read(ref WireReader reader)
    {
        var message = new RunMessage(reader.ReadInt64(), reader.ReadInt32(), (RunFlags)reader.ReadByte(), reader.ReadInt32());
        reader.EnsureCount(message.Count, 4);
        return message;
    }
}
