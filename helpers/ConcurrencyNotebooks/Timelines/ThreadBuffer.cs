namespace ConcurrencyNotebooks.Timelines;

/// <summary>Holds the spans one thread started in one <see cref="Timeline"/>: an append-only list of chunks.</summary>
/// <remarks>
/// <para>Only the owning thread appends (no lock: it writes the slot, then publishes the count with a
/// volatile write). Any thread may end a span (see <see cref="SpanSlot.State"/>) or read a snapshot
/// (volatile read of the count, then the slots below it).</para>
/// <para>Chunks are never moved or reused, so a <see cref="SpanScope"/> can keep a reference to its slot's chunk.</para>
/// </remarks>
internal sealed class ThreadBuffer
{
    /// <summary>The number of slots in one chunk (a power of two).</summary>
    public const int ChunkSize = 1 << ChunkShift;

    private const int ChunkShift = 10;
    private const int IdShift = 40;

    private readonly Thread _thread;
    private readonly long _idBase;
    private SpanSlot[][] _chunks = new SpanSlot[4][];
    private int _count;

    /// <summary>Initializes a buffer for the calling thread.</summary>
    /// <param name="owner">The timeline the buffer belongs to.</param>
    /// <param name="index">The buffer's index in its timeline, which makes span ids unique without contention.</param>
    public ThreadBuffer(Timeline owner, int index)
    {
        Owner = owner;
        _thread = Thread.CurrentThread;
        _idBase = (long)(index + 1) << IdShift;
        OsThreadId = ThreadIdentity.OsThreadId;
        ManagedThreadId = ThreadIdentity.ManagedThreadId;
        IsThreadPoolThread = ThreadIdentity.IsThreadPoolThread;
    }

    /// <summary>Gets the timeline this buffer belongs to.</summary>
    public Timeline Owner { get; }

    /// <summary>Gets the owning thread's OS id.</summary>
    public int OsThreadId { get; }

    /// <summary>Gets the owning thread's managed id.</summary>
    public int ManagedThreadId { get; }

    /// <summary>Gets whether the owning thread is a pool thread.</summary>
    public bool IsThreadPoolThread { get; }

    /// <summary>Gets the owning thread's current name, if any.</summary>
    public string? ThreadName => _thread.Name;

    /// <summary>Gets the number of published slots.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends a slot; call only on the owning thread.</summary>
    /// <param name="label">The span's label.</param>
    /// <param name="kind">The span's kind.</param>
    /// <param name="parentId">The enclosing span's id, or 0.</param>
    /// <param name="start">The start timestamp.</param>
    /// <param name="ended">Whether the slot is born ended (a marker).</param>
    /// <param name="id">The new span's id.</param>
    /// <param name="chunk">The chunk that holds the slot.</param>
    /// <returns>The slot's index inside <paramref name="chunk"/>.</returns>
    public int Append(string label, SpanKind kind, long parentId, long start, bool ended, out long id, out SpanSlot[] chunk)
    {
        var n = _count;
        var c = n >> ChunkShift;
        var chunks = _chunks;
        chunk = c < chunks.Length ? chunks[c] : null!;
        if (chunk is null)
        {
            chunk = Grow(c);
        }

        var i = n & (ChunkSize - 1);
        id = _idBase | (uint)(n + 1);
        ref var slot = ref chunk[i];
        slot.Id = id;
        slot.ParentId = parentId;
        slot.Label = label;
        slot.Kind = kind;
        slot.Start = start;
        if (ended)
        {
            slot.End = start;
            slot.EndOsThreadId = OsThreadId;
            slot.EndManagedThreadId = ManagedThreadId;
            slot.EndIsThreadPoolThread = IsThreadPoolThread;
            slot.State = SpanSlot.Ended;
        }

        Volatile.Write(ref _count, n + 1);
        return i;
    }

    /// <summary>Copies the published slots as records; safe on any thread while the owner appends.</summary>
    /// <param name="processId">The process id to stamp on each record.</param>
    /// <param name="now">The snapshot time, used as the end of unfinished spans.</param>
    /// <param name="into">The list to append to.</param>
    public void CopyTo(int processId, long now, List<SpanRecord> into)
    {
        var n = Volatile.Read(ref _count);
        var chunks = Volatile.Read(ref _chunks);
        var name = ThreadName;
        for (var k = 0; k < n; k++)
        {
            ref var slot = ref chunks[k >> ChunkShift][k & (ChunkSize - 1)];
            var ended = Volatile.Read(ref slot.State) == SpanSlot.Ended;
            into.Add(new SpanRecord
            {
                Id = slot.Id,
                ParentId = slot.ParentId == 0 ? null : slot.ParentId,
                Label = slot.Label,
                Kind = slot.Kind == SpanKind.Thread && ended && slot.EndOsThreadId != OsThreadId ? SpanKind.Async : slot.Kind,
                StartTicks = slot.Start,
                EndTicks = ended ? slot.End : Math.Max(now, slot.Start),
                IsUnfinished = !ended,
                ProcessId = processId,
                OsThreadId = OsThreadId,
                ManagedThreadId = ManagedThreadId,
                IsThreadPoolThread = IsThreadPoolThread,
                ThreadName = name,
                EndOsThreadId = ended ? slot.EndOsThreadId : OsThreadId,
                EndManagedThreadId = ended ? slot.EndManagedThreadId : ManagedThreadId,
                EndIsThreadPoolThread = ended ? slot.EndIsThreadPoolThread : IsThreadPoolThread,
            });
        }
    }

    private SpanSlot[] Grow(int chunkIndex)
    {
        var chunks = _chunks;
        if (chunkIndex >= chunks.Length)
        {
            Array.Resize(ref chunks, chunks.Length * 2);
        }

        var chunk = new SpanSlot[ChunkSize];
        chunks[chunkIndex] = chunk;

        // Publish the (possibly new) chunk table before any count that points into it.
        Volatile.Write(ref _chunks, chunks);
        return chunk;
    }
}
