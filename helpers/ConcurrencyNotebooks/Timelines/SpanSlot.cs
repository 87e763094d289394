namespace ConcurrencyNotebooks.Timelines;

/// <summary>Holds one span inside a <see cref="ThreadBuffer"/>: written by its starting thread, ended by any thread.</summary>
/// <remarks>
/// <para><see cref="Word"/> packs the span's id and its state (<c>id &lt;&lt; 2 | state</c>), so one compare-exchange
/// both checks that the slot still holds this span and claims it for ending: a scope whose slot was reused by the ring
/// (see <see cref="ThreadBuffer.Capacity"/>) finds another id there and does nothing.</para>
/// <para>The word also versions the slot for readers: the owner writes a new word before the other fields, and a
/// snapshot keeps a slot only if the word is the same before and after it copied the fields.</para>
/// </remarks>
internal struct SpanSlot
{
    /// <summary>The slot is open: the span has started and not ended.</summary>
    public const long Open = 0;

    /// <summary>The slot is being ended by one thread.</summary>
    public const long Ending = 1;

    /// <summary>The slot's end fields are written and visible.</summary>
    public const long Ended = 2;

    /// <summary>The mask of the state bits of <see cref="Word"/>.</summary>
    public const long StateMask = 3;

    /// <summary>The span's id and state: <c>id &lt;&lt; 2 | state</c>.</summary>
    public long Word;

    /// <summary>The enclosing span's id, or 0 at top level.</summary>
    public long ParentId;

    /// <summary>The caller's label.</summary>
    public string Label;

    /// <summary>The start timestamp.</summary>
    public long Start;

    /// <summary>The end timestamp, valid once the state is <see cref="Ended"/>.</summary>
    public long End;

    /// <summary>The OS id of the ending thread.</summary>
    public int EndOsThreadId;

    /// <summary>The managed id of the ending thread.</summary>
    public int EndManagedThreadId;

    /// <summary>The span's kind.</summary>
    public SpanKind Kind;

    /// <summary>Whether the ending thread is a pool thread.</summary>
    public bool EndIsThreadPoolThread;

    /// <summary>Whether <see cref="ParentId"/> came from the starting thread's own stack of open spans (not from an async flow).</summary>
    public bool ParentIsOnThread;

    /// <summary>Packs an id and a state into a <see cref="Word"/>.</summary>
    public static long MakeWord(long id, long state) => (id << 2) | state;
}
