namespace ConcurrencyNotebooks.Protocol;

/// <summary>Options of one <see cref="RunMessage"/>.</summary>
[Flags]
internal enum RunFlags : byte
{
    /// <summary>Time the chunk as a whole; report nothing while it runs.</summary>
    None = 0,

    /// <summary>Time each item (for a timeline's spans): two clock reads and 16 bytes of result per item.</summary>
    TimeEachItem = 1,

    /// <summary>Send an <see cref="ItemStartedMessage"/> before each item, so the parent can time out one item.</summary>
    ReportItemStarts = 2,
}
