namespace ConcurrencyNotebooks.Processes;

/// <summary>Describes the length-prefixed frames of the pool protocol: [int32 length][byte kind][payload].</summary>
/// <remarks>The length counts the kind byte and the payload; all integers are little-endian. <see cref="WireWriter"/> builds
/// frames, <see cref="FrameReader"/> reads them.</remarks>
internal static class WireFormat
{
    /// <summary>The largest frame either side sends or accepts: 64 MiB.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;
}
