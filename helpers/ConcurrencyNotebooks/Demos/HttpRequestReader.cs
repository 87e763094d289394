using System.Net.Sockets;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Reads HTTP/1.1 requests one after another from a connection, blocking: the request line's path and whether
/// the client asked to close. Enough for <see cref="SlowHttpServer"/>, not a general parser.</summary>
internal sealed class HttpRequestReader
{
    private readonly Socket _connection;
    private readonly byte[] _chunk = new byte[4096];
    private readonly List<byte> _buffered = [];

    public HttpRequestReader(Socket connection) => _connection = connection;

    /// <summary>Reads the next request's head and skips its body.</summary>
    /// <returns>The path and whether to close after answering, or null when the client closed the connection.</returns>
    /// <exception cref="IOException">When the request is not HTTP.</exception>
    public (string Path, bool Close)? ReadRequest()
    {
        int end;
        while ((end = HeadEnd()) < 0)
        {
            if (!Fill())
            {
                return null;
            }
        }

        var head = Encoding.ASCII.GetString([.. _buffered[..end]]).Split("\r\n");
        _buffered.RemoveRange(0, end + 4);
        var requestLine = head[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new IOException($"Not an HTTP/1.x request: '{head[0]}'.");
        }

        var headers = head.Skip(1).Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var bodyLength = headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0;
        while (_buffered.Count < bodyLength)
        {
            if (!Fill())
            {
                return null;
            }
        }

        _buffered.RemoveRange(0, bodyLength);
        var close = headers.TryGetValue("Connection", out var connection) && connection.Equals("close", StringComparison.OrdinalIgnoreCase);
        return (requestLine[1].Split('?')[0], close || requestLine[2] == "HTTP/1.0");
    }

    private int HeadEnd()
    {
        for (var i = 0; i + 3 < _buffered.Count; i++)
        {
            if (_buffered[i] == '\r' && _buffered[i + 1] == '\n' && _buffered[i + 2] == '\r' && _buffered[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private bool Fill()
    {
        var read = _connection.Receive(_chunk);
        _buffered.AddRange(_chunk.AsSpan(0, read));
        return read > 0;
    }
}
