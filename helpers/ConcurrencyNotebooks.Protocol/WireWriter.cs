using System.Buffers.Binary;
using System.Text;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Builds protocol frames in a growable buffer: integers, strings and byte blocks, little-endian.</summary>
internal sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;
    private int _frameStart = -1;

    /// <summary>Creates a writer with the given initial capacity.</summary>
    public WireWriter(int capacity = 256) => _buffer = new byte[capacity];

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Gets the number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Clear()
    {
        _length = 0;
        _frameStart = -1;
    }

    /// <summary>Drops what was written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    /// <summary>Starts a frame of the given kind; finish it with <see cref="EndFrame"/>.</summary>
    public void BeginFrame(FrameKind kind)
    {
        _frameStart = _length;
        WriteInt32(0);
        WriteByte((byte)kind);
    }

    /// <summary>Writes the length of the frame started last; returns that frame's total size in bytes.</summary>
    public int EndFrame()
    {
        var frameLength = _length - _frameStart - 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_frameStart), frameLength);
        _frameStart = -1;
        return frameLength + 4;
    }

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Writes a 64-bit integer.</summary>
    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Writes a length-prefixed block of bytes.</summary>
    public void WriteBlock(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes bytes with no prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a length-prefixed UTF-8 string (null is written as empty).</summary>
    public void WriteString(string? value)
    {
        value ??= string.Empty;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + max);
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    /// <summary>Returns a copy of the bytes written so far.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + extra, _buffer.Length * 2));
        }
    }
}
