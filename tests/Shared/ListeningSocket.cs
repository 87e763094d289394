using System.Net;

namespace ConcurrencyNotebooks.Testing;

/// <summary>A listening TCP socket and the process that holds it.</summary>
/// <param name="Address">The local address it is bound to (<c>0.0.0.0</c> or <c>::</c> means every interface).</param>
/// <param name="Port">The local port.</param>
/// <param name="ProcessId">A process that has it open.</param>
internal sealed record ListeningSocket(IPAddress Address, int Port, int ProcessId)
{
    /// <summary>Gets whether only this machine can connect: bound to 127.0.0.0/8, <c>::1</c> or IPv4-mapped loopback.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address);

    /// <inheritdoc/>
    public override string ToString() => $"{new IPEndPoint(Address, Port)} (pid {ProcessId})";
}
