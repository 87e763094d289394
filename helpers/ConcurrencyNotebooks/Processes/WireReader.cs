using System.Buffers.Binary;
using System.Text;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Reads the fields of one frame's payload in the order <see cref="WireWriter"/> wrote them.</summary>
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

    /// <summary>Reads one byte.</summary>
    public byte ReadByte() => _payload[_position++];

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_payload[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_payload[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-prefixed block of bytes without copying.</summary>
    public ReadOnlySpan<byte> ReadBlock()
    {
        var length = ReadInt32();
        var block = _payload.Slice(_position, length);
        _position += length;
        return block;
    }

    /// <summary>Returns <paramref name="length"/> bytes of the payload from <paramref name="start"/>, without moving.</summary>
    public readonly ReadOnlySpan<byte> Slice(int start, int length) => _payload.Slice(start, length);

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    public string ReadString()
    {
        var block = ReadBlock();
        return block.IsEmpty ? string.Empty : Encoding.UTF8.GetString(block);
    }
}
