namespace ConcurrencyNotebooks.Timelines;

/// <summary>Holds one span inside a <see cref="ThreadBuffer"/>: written by its starting thread, ended by any thread.</summary>
/// <remarks>The start fields are written before the buffer publishes its count; the end fields are written by
/// the thread that wins the <see cref="State"/> compare-exchange and published by setting it to <see cref="Ended"/>.</remarks>
internal struct SpanSlot
{
    /// <summary>The slot is open: the span has started and not ended.</summary>
    public const int Open = 0;

    /// <summary>The slot is being ended by one thread.</summary>
    public const int Ending = 1;

    /// <summary>The slot's end fields are written and visible.</summary>
    public const int Ended = 2;

    /// <summary>The span's id.</summary>
    public long Id;

    /// <summary>The enclosing span's id, or 0 at top level.</summary>
    public long ParentId;

    /// <summary>The caller's label.</summary>
    public string Label;

    /// <summary>The start timestamp.</summary>
    public long Start;

    /// <summary>The end timestamp, valid once <see cref="State"/> is <see cref="Ended"/>.</summary>
    public long End;

    /// <summary>The OS id of the ending thread.</summary>
    public int EndOsThreadId;

    /// <summary>The managed id of the ending thread.</summary>
    public int EndManagedThreadId;

    /// <summary>One of <see cref="Open"/>, <see cref="Ending"/>, <see cref="Ended"/>.</summary>
    public int State;

    /// <summary>The span's kind.</summary>
    public SpanKind Kind;

    /// <summary>Whether the ending thread is a pool thread.</summary>
    public bool EndIsThreadPoolThread;
}
