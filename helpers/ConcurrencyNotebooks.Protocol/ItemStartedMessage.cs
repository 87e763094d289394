namespace ConcurrencyNotebooks.Protocol;

/// <summary>Worker to parent: item <see cref="Index"/> of chunk <see cref="TaskId"/> has started (sent only when asked).</summary>
/// <remarks>Payload: [int64 task id][int32 index within the chunk].</remarks>
/// <param name="TaskId">The running chunk's task id.</param>
/// <param name="Index">The item's index within the chunk.</param>
internal readonly record struct ItemStartedMessage(long TaskId, int Index)
{
    /// <summary>Writes the whole frame.</summary>
    public void WriteFrame(WireWriter writer)
    {
        writer.BeginFrame(FrameKind.ItemStarted);
        writer.WriteInt64(TaskId);
        writer.WriteInt32(Index);
        writer.EndFrame();
    }

    /// <summary>Reads the payload.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated.</exception>
    public static ItemStartedMessage Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        return new ItemStartedMessage(reader.ReadInt64(), reader.ReadInt32());
    }
}
