using System.Buffers.Binary;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Reads and writes the length-prefixed frames of the pool protocol: [int32 length][byte kind][payload].</summary>
/// <remarks>The length counts the kind byte and the payload; all integers are little-endian.</remarks>
internal static class WireFormat
{
    /// <summary>The largest frame either side sends or accepts: 64 MiB.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>Reads one frame into <paramref name="buffer"/> (grown as needed); returns false at end of stream.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame or announced one over the limit.</exception>
    public static bool TryReadFrame(Stream stream, ref byte[] buffer, out FrameKind kind, out int payloadLength)
    {
        Span<byte> header = stackalloc byte[5];
        kind = 0;
        payloadLength = 0;
        if (!ReadExactly(stream, header, allowEndAtStart: true))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > MaxFrameBytes + 1)
        {
            throw new InvalidDataException($"A frame announced {length} bytes; the limit is {MaxFrameBytes} bytes.");
        }

        kind = (FrameKind)header[4];
        payloadLength = length - 1;
        if (buffer.Length < payloadLength)
        {
            buffer = new byte[Math.Max(payloadLength, buffer.Length * 2)];
        }

        if (!ReadExactly(stream, buffer.AsSpan(0, payloadLength), allowEndAtStart: false))
        {
            throw new InvalidDataException("The stream ended inside a frame.");
        }

        return true;
    }

    private static bool ReadExactly(Stream stream, Span<byte> target, bool allowEndAtStart)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = stream.Read(target[read..]);
            if (n == 0)
            {
                if (read == 0 && allowEndAtStart)
                {
                    return false;
                }

                throw new InvalidDataException("The stream ended inside a frame.");
            }

            read += n;
        }

        return true;
    }
}
