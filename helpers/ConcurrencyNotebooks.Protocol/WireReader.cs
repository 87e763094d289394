using System.Buffers.Binary;
using System.Text;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Reads the fields of one frame's payload in the order <see cref="WireWriter"/> wrote them.</summary>
/// <remarks>Every read checks the bounds: a truncated or corrupt payload throws <see cref="InvalidDataException"/>.</remarks>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    /// <summary>Creates a reader over one frame's payload.</summary>
    public WireReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    /// <summary>Gets the offset of the next field in the payload.</summary>
    public readonly int Position => _position;

    /// <summary>Gets how many bytes are left to read.</summary>
    public readonly int Remaining => _payload.Length - _position;

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        Need(1);
        return _payload[_position++];
    }

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_payload[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_payload[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-prefixed block of bytes without copying.</summary>
    public ReadOnlySpan<byte> ReadBlock()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            throw new InvalidDataException($"A block announced a negative length ({length}).");
        }

        Need(length);
        var block = _payload.Slice(_position, length);
        _position += length;
        return block;
    }

    /// <summary>Reads <paramref name="length"/> bytes with no prefix, without copying.</summary>
    public ReadOnlySpan<byte> ReadRaw(int length)
    {
        Need(length);
        var bytes = _payload.Slice(_position, length);
        _position += length;
        return bytes;
    }

    /// <summary>Returns <paramref name="length"/> bytes of the payload from <paramref name="start"/>, without moving.</summary>
    public readonly ReadOnlySpan<byte> Slice(int start, int length) => _payload.Slice(start, length);

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    public string ReadString()
    {
        var block = ReadBlock();
        return block.IsEmpty ? string.Empty : Encoding.UTF8.GetString(block);
    }

    /// <summary>Checks that <paramref name="count"/> entries of at least <paramref name="minimumBytes"/> each can follow.</summary>
    /// <exception cref="InvalidDataException">The count is negative or more than the rest of the payload can hold.</exception>
    public readonly void EnsureCount(int count, int minimumBytes)
    {
        if (count < 0 || (long)count * minimumBytes > Remaining)
        {
            throw new InvalidDataException($"A count of {count} does not fit the {Remaining} bytes left in the frame.");
        }
    }

    private readonly void Need(int bytes)
    {
        if (bytes > Remaining)
        {
            throw new InvalidDataException($"The frame ended early: {bytes} more bytes expected at offset {_position}, {Remaining} left.");
        }
    }
}
