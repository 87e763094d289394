namespace ConcurrencyNotebooks.Protocol;

/// <summary>Describes the length-prefixed frames of the pool protocol: [int32 length][byte kind][payload].</summary>
/// <remarks>The length counts the kind byte and the payload; integers are little-endian. Each message type writes and
/// reads its own payload (<see cref="LoadMessage"/>, <see cref="RunMessage"/>, <see cref="ItemStartedMessage"/>,
/// <see cref="ResultMessage"/>); <see cref="FrameReader"/> splits a stream into frames.</remarks>
internal static class WireFormat
{
    /// <summary>The largest frame either side sends or accepts: 64 MiB.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;
}
