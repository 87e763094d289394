using System.Buffers.Binary;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Reads the frames of the pool protocol (see <see cref="WireFormat"/>) from a stream through a buffer of its own.</summary>
/// <remarks>One read call usually brings in a whole frame (often more than one), where reading the header and then the
/// payload took two: at chunk size 1 that is one system call less per item on each side of the pipe.</remarks>
internal sealed class FrameReader
{
    private const int HeaderBytes = 5;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Creates a reader over <paramref name="stream"/> with the given initial buffer size (grown for larger frames).</summary>
    public FrameReader(Stream stream, int capacity = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(capacity, HeaderBytes)];
    }

    /// <summary>Reads the next frame; returns false at end of stream.</summary>
    /// <param name="kind">The frame's kind.</param>
    /// <param name="payload">The frame's payload, valid until the next call.</param>
    /// <exception cref="InvalidDataException">The stream ended inside a frame or announced one over the limit.</exception>
    public bool TryReadFrame(out FrameKind kind, out ReadOnlySpan<byte> payload)
    {
        kind = 0;
        payload = default;
        if (!Fill(HeaderBytes, allowEndAtStart: true))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));
        if (length < 1 || length > WireFormat.MaxFrameBytes + 1)
        {
            throw new InvalidDataException($"A frame announced {length} bytes; the limit is {WireFormat.MaxFrameBytes} bytes.");
        }

        Fill(4 + length, allowEndAtStart: false);
        kind = (FrameKind)_buffer[_start + 4];
        payload = _buffer.AsSpan(_start + HeaderBytes, length - 1);
        _start += 4 + length;
        return true;
    }

    /// <summary>Gets whether a whole frame is already buffered, so the next <see cref="TryReadFrame"/> will not wait on the stream.</summary>
    public bool HasBufferedFrame =>
        _end - _start >= HeaderBytes && _end - _start >= 4 + BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));

    /// <summary>Makes at least <paramref name="needed"/> unread bytes available, reading as much as the stream offers.</summary>
    private bool Fill(int needed, bool allowEndAtStart)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end - _start >= needed)
        {
            return true;
        }

        if (_buffer.Length - _start < needed)
        {
            var unread = _end - _start;
            var target = needed > _buffer.Length ? new byte[Math.Max(needed, _buffer.Length * 2)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            _buffer = target;
            _start = 0;
            _end = unread;
        }

        while (_end - _start < needed)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                if (_end == _start && allowEndAtStart)
                {
                    return false;
                }

                throw new InvalidDataException("The stream ended inside a frame.");
            }

            _end += n;
        }

        return true;
    }
}
