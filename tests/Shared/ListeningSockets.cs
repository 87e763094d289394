using System.Globalization;
using System.Net;

namespace ConcurrencyNotebooks.Testing;

/// <summary>Reads which TCP sockets a set of processes listen on, from /proc/&lt;pid&gt;/fd and /proc/net/tcp{,6} (Linux).</summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>Lists the listening TCP sockets (IPv4 and IPv6) that any of <paramref name="processIds"/> has open.</summary>
    /// <param name="processIds">E.g. a kernel's process tree, or a cluster's silo processes.</param>
    /// <returns>The sockets; empty when none listens.</returns>
    public static IReadOnlyList<ListeningSocket> OwnedBy(IEnumerable<int> processIds)
    {
        var owners = new Dictionary<long, int>();
        foreach (var pid in processIds)
        {
            foreach (var inode in SocketInodes(pid))
            {
                owners.TryAdd(inode, pid);
            }
        }

        var sockets = new List<ListeningSocket>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …"
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == ListenState
                    && owners.TryGetValue(long.Parse(fields[9], CultureInfo.InvariantCulture), out var owner))
                {
                    var (address, port) = ParseEndpoint(fields[1]);
                    sockets.Add(new ListeningSocket(address, port, owner));
                }
            }
        }

        return sockets;
    }

    /// <summary>Parses /proc/net/tcp's <c>ADDRESS:PORT</c>: the address as 32-bit words in host byte order, the port big-endian, all hex.</summary>
    /// <param name="field">E.g. <c>0100007F:0800</c> (127.0.0.1:2048) or 32 hex digits and a port for IPv6.</param>
    /// <returns>The address and port.</returns>
    internal static (IPAddress Address, int Port) ParseEndpoint(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        var hex = field[..colon];
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            var value = uint.Parse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        return (new IPAddress(bytes), int.Parse(field.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static IEnumerable<long> SocketInodes(int pid)
    {
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break; // It ended while we looked, or is not ours to read.
        }

        foreach (var descriptor in descriptors)
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // A socket's link reads "socket:[12345]".
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']')
                && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }
}
