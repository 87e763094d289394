using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Holds the spans one thread started in one <see cref="Timeline"/>: a ring of <see cref="Capacity"/> slots,
/// allocated a chunk at a time as it fills, then reused oldest first.</summary>
/// <remarks>
/// <para>Only the owning thread appends (no lock: it writes the slot, then publishes the count with a volatile
/// write). Any thread may end a span (see <see cref="SpanSlot.Word"/>) or read a snapshot (volatile read of the count,
/// then the newest <see cref="Capacity"/> slots below it, each checked against its id).</para>
/// <para>Once the ring is full, recording allocates nothing: the newest <see cref="Capacity"/> spans of a thread are
/// kept and <see cref="Dropped"/> counts the older ones. Chunks are never moved, so a <see cref="SpanScope"/> can keep a
/// reference to its slot's chunk.</para>
/// <para>The buffer also keeps the thread's innermost open span (<see cref="ThreadCurrent"/>), which is how spans on
/// one thread nest without touching the execution context.</para>
/// </remarks>
internal sealed class ThreadBuffer
{
    /// <summary>The most spans a thread keeps in one timeline (2^20); older ones are dropped, newest kept.</summary>
    public const int Capacity = 1 << 20;

    /// <summary>The number of slots in one chunk (a power of two).</summary>
    public const int ChunkSize = 1 << ChunkShift;

    private const int ChunkShift = 10;
    private const int IdShift = 40;
    private const long SequenceMask = (1L << IdShift) - 1;

    private readonly Thread _thread;
    private readonly long _idBase;
    private readonly SpanSlot[]?[] _chunks = new SpanSlot[Capacity / ChunkSize][];
    private long _count;

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

    /// <summary>Gets the number of spans appended so far, dropped ones included.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Gets the number of spans the ring has dropped (overwritten) to keep the newest <see cref="Capacity"/>.</summary>
    public long Dropped => Math.Max(0, Count - Capacity);

    /// <summary>Gets or sets the id of the innermost open span started on this thread by <see cref="Timeline.Span"/>, or 0;
    /// read and written only on the owning thread. It may name a span that has ended since (on another thread):
    /// <see cref="OpenThreadCurrent"/> skips those.</summary>
    public long ThreadCurrent { get; set; }

    /// <summary>Returns the innermost span started on this thread that is still open, or 0, and forgets ended ones.</summary>
    /// <param name="start">That span's start timestamp, or 0.</param>
    /// <remarks>Call only on the owning thread. A span that crossed an await ended on another thread; this is where the
    /// thread lets go of it.</remarks>
    public long OpenThreadCurrent(out long start)
    {
        var id = ThreadCurrent;
        while (id != 0)
        {
            ref var slot = ref SlotOf(id, out var live);
            var word = live ? Volatile.Read(ref slot.Word) : 0;
            if (word == SpanSlot.MakeWord(id, SpanSlot.Open))
            {
                start = slot.Start;
                return id;
            }

            // Ended: the thread's stack continues at its parent, if that came from this thread. Dropped by the ring
            // (the slot holds another span now): nothing older is left to nest in.
            id = word >> 2 == id && slot.ParentIsOnThread ? slot.ParentId : 0;
            ThreadCurrent = id;
        }

        start = 0;
        return 0;
    }

    /// <summary>Appends a slot; call only on the owning thread.</summary>
    /// <param name="label">The span's label.</param>
    /// <param name="kind">The span's kind.</param>
    /// <param name="parentId">The enclosing span's id, or 0.</param>
    /// <param name="parentIsOnThread">Whether the parent came from this thread's own open spans.</param>
    /// <param name="start">The start timestamp.</param>
    /// <param name="ended">Whether the slot is born ended (a marker).</param>
    /// <param name="id">The new span's id.</param>
    /// <param name="chunk">The chunk that holds the slot.</param>
    /// <returns>The slot's index inside <paramref name="chunk"/>.</returns>
    public int Append(string label, SpanKind kind, long parentId, bool parentIsOnThread, long start, bool ended, out long id, out SpanSlot[] chunk)
    {
        var n = _count;
        var position = (int)(n & (Capacity - 1));
        var i = position & (ChunkSize - 1);
        chunk = _chunks[position >> ChunkShift] ?? Grow(position >> ChunkShift);
        id = _idBase | (n + 1);
        ref var slot = ref chunk[i];
        var word = SpanSlot.MakeWord(id, ended ? SpanSlot.Ended : SpanSlot.Open);
        if (n >= Capacity)
        {
            Reclaim(ref slot, word);
        }
        else
        {
            slot.Word = word;
        }

        slot.ParentId = parentId;
        slot.ParentIsOnThread = parentIsOnThread;
        slot.Label = label;
        slot.Kind = kind;
        slot.Start = start;
        if (ended)
        {
            slot.End = start;
            slot.EndOsThreadId = OsThreadId;
            slot.EndManagedThreadId = ManagedThreadId;
            slot.EndIsThreadPoolThread = IsThreadPoolThread;
        }

        Volatile.Write(ref _count, n + 1);
        return i;
    }

    /// <summary>Copies the kept slots as records; safe on any thread while the owner appends.</summary>
    /// <param name="processId">The process id to stamp on each record.</param>
    /// <param name="now">The snapshot time, used as the end of unfinished spans.</param>
    /// <param name="into">The list to append to.</param>
    public void CopyTo(int processId, long now, List<SpanRecord> into)
    {
        var n = Volatile.Read(ref _count);
        var name = ThreadName;
        for (var k = Math.Max(0, n - Capacity); k < n; k++)
        {
            var position = (int)(k & (Capacity - 1));
            var chunk = Volatile.Read(ref _chunks[position >> ChunkShift]);
            if (chunk is null)
            {
                continue;
            }

            ref var slot = ref chunk[position & (ChunkSize - 1)];
            var id = _idBase | (k + 1);
            var before = Volatile.Read(ref slot.Word);
            if (before >> 2 != id)
            {
                continue;   // the ring reused the slot after the count was read
            }

            var ended = (before & SpanSlot.StateMask) == SpanSlot.Ended;
            var copy = slot;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Word) >> 2 != id)
            {
                continue;   // reused while it was being copied: the copy may be torn
            }

            into.Add(new SpanRecord
            {
                Id = id,
                ParentId = copy.ParentId == 0 ? null : copy.ParentId,
                Label = copy.Label,
                Kind = copy.Kind == SpanKind.Thread && ended && copy.EndOsThreadId != OsThreadId ? SpanKind.Async : copy.Kind,
                StartTicks = copy.Start,
                EndTicks = ended ? copy.End : Math.Max(now, copy.Start),
                IsUnfinished = !ended,
                ProcessId = processId,
                OsThreadId = OsThreadId,
                ManagedThreadId = ManagedThreadId,
                IsThreadPoolThread = IsThreadPoolThread,
                ThreadName = name,
                EndOsThreadId = ended ? copy.EndOsThreadId : OsThreadId,
                EndManagedThreadId = ended ? copy.EndManagedThreadId : ManagedThreadId,
                EndIsThreadPoolThread = ended ? copy.EndIsThreadPoolThread : IsThreadPoolThread,
            });
        }
    }

    /// <summary>Finds the slot of one of this buffer's span ids; <paramref name="live"/> is false when the ring has dropped it.</summary>
    private ref SpanSlot SlotOf(long id, out bool live)
    {
        var k = (id & SequenceMask) - 1;
        var position = (int)(k & (Capacity - 1));
        var chunk = _chunks[position >> ChunkShift];
        live = chunk is not null && k >= _count - Capacity;
        return ref live ? ref chunk![position & (ChunkSize - 1)] : ref Unsafe.NullRef<SpanSlot>();
    }

    /// <summary>Takes over a slot of the full ring for a new span: waits out a thread that is ending the old span there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Reclaim(ref SpanSlot slot, long word)
    {
        while (true)
        {
            var old = Volatile.Read(ref slot.Word);
            var state = old & SpanSlot.StateMask;
            if (state == SpanSlot.Ended)
            {
                // Nobody else writes an ended slot: a plain write is enough.
                Volatile.Write(ref slot.Word, word);
                break;
            }

            if (state == SpanSlot.Open && Interlocked.CompareExchange(ref slot.Word, word, old) == old)
            {
                break;   // a span open for a whole ring: it is dropped, and its scope's Dispose will find another id here
            }

            Thread.SpinWait(1);   // another thread is writing the old span's end: it takes nanoseconds
        }

        // Readers must see the new word before any new field: x86 keeps stores in order, other CPUs need a fence.
        if (!X86Base.IsSupported)
        {
            Interlocked.MemoryBarrier();
        }
    }

    private SpanSlot[] Grow(int chunkIndex)
    {
        var chunk = new SpanSlot[ChunkSize];
        Volatile.Write(ref _chunks[chunkIndex], chunk);
        return chunk;
    }
}
