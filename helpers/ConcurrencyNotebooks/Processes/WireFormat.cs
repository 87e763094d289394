namespace ConcurrencyNotebooks.Processes;

/// <summary>Describes the length-prefixed frames of the pool protocol: [int32 length][byte kind][payload].</summary>
/// <remarks>The length counts the kind byte and the payload; all integers are little-endian. A Run frame's payload is
/// [int64 task id][int32 function id][byte flags][int32 count][count × block of argument JSON]; a Result frame's is
/// [int64 task id][int32 n][n × block of result JSON][int32 t][t × (int64 start, int64 end)][string output][byte error]…. <see cref="WireWriter"/> builds
/// frames, <see cref="FrameReader"/> reads them.</remarks>
internal static class WireFormat
{
    /// <summary>The largest frame either side sends or accepts: 64 MiB.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>The Run frame's flag asking the worker to time each item (for a timeline's spans); without it the worker
    /// times the chunk as a whole, two clock reads instead of two per item and 16 bytes less per item in the Result.</summary>
    public const byte TimeEachItem = 1;
}
