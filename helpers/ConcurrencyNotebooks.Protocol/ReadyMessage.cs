namespace ConcurrencyNotebooks.Protocol;

/// <summary>Worker to parent: the worker's runtime has started and it reads its stdin; the first frame a worker sends.</summary>
/// <remarks>Payload: none. The pool starts no more workers at once than there are cores, and starts the next on this frame.</remarks>
internal static class ReadyMessage
{
    /// <summary>Writes the whole frame.</summary>
    public static void WriteFrame(WireWriter writer)
    {
        writer.BeginFrame(FrameKind.Ready);
        writer.EndFrame();
    }

    /// <summary>Checks the payload.</summary>
    /// <exception cref="InvalidDataException">The payload is not empty.</exception>
    public static void Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 0)
        {
            throw new InvalidDataException($"A Ready frame has no payload; this one has {payload.Length} bytes.");
        }
    }
}
