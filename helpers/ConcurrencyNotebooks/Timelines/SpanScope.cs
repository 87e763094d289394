namespace ConcurrencyNotebooks.Timelines;

/// <summary>Ends a span when disposed; returned by <see cref="Timeline.Span(string)"/> and <see cref="Timeline.AsyncSpan(string)"/>.</summary>
/// <remarks>
/// <para>Dispose it on any thread: a span started before an await and ended after it records both threads.
/// Only the first Dispose of a span counts; later ones (including those of copies of this struct) do nothing,
/// as <see cref="IDisposable.Dispose"/> requires. Disposing <c>default(SpanScope)</c> does nothing.</para>
/// <para>Thread-safe: two threads disposing copies at once still record the span once.</para>
/// </remarks>
/// <example><code>
/// using (tl.Span("parse")) { Parse(); }
/// using (tl.AsyncSpan("download 1")) { await client.GetStringAsync(url); }
/// </code></example>
public readonly struct SpanScope : IDisposable, IAsyncDisposable
{
    private readonly ThreadBuffer? _buffer;
    private readonly SpanSlot[]? _chunk;
    private readonly int _index;
    private readonly long _threadPrevious;
    private readonly FlowingSpan? _flowing;
    private readonly ExecutionContext? _before;
    private readonly ExecutionContext? _inside;

    /// <summary>Creates the scope of a span that nests on its thread (<see cref="Timeline.Span(string)"/>).</summary>
    internal SpanScope(ThreadBuffer buffer, SpanSlot[] chunk, int index, long id, long threadPrevious)
    {
        _buffer = buffer;
        _chunk = chunk;
        _index = index;
        Id = id;
        _threadPrevious = threadPrevious;
    }

    /// <summary>Creates the scope of a span that flows with the async code (<see cref="Timeline.AsyncSpan(string)"/>).</summary>
    internal SpanScope(ThreadBuffer buffer, SpanSlot[] chunk, int index, FlowingSpan flowing, ExecutionContext? before, ExecutionContext? inside)
    {
        _buffer = buffer;
        _chunk = chunk;
        _index = index;
        Id = flowing.Id;
        _flowing = flowing;
        _before = before;
        _inside = inside;
    }

    /// <summary>Gets the span's id (the <see cref="SpanRecord.Id"/> it will have), or 0 for <c>default</c>.</summary>
    public long Id { get; }

    /// <summary>Ends the span: records the time and the ending thread, and makes the enclosing span current again.</summary>
    public void Dispose()
    {
        if (_chunk is null)
        {
            return;
        }

        ref var slot = ref _chunk[_index];
        var open = SpanSlot.MakeWord(Id, SpanSlot.Open);
        if (Interlocked.CompareExchange(ref slot.Word, SpanSlot.MakeWord(Id, SpanSlot.Ending), open) != open)
        {
            return;   // ended already, or the ring dropped this span
        }

        slot.End = System.Diagnostics.Stopwatch.GetTimestamp();
        var buffer = _buffer!;
        var onStartingThread = Environment.CurrentManagedThreadId == buffer.ManagedThreadId;
        if (onStartingThread)
        {
            // The usual case: the buffer already knows this thread.
            slot.EndOsThreadId = buffer.OsThreadId;
            slot.EndManagedThreadId = buffer.ManagedThreadId;
            slot.EndIsThreadPoolThread = buffer.IsThreadPoolThread;
        }
        else
        {
            slot.EndOsThreadId = ThreadIdentity.OsThreadId;
            slot.EndManagedThreadId = ThreadIdentity.ManagedThreadId;
            slot.EndIsThreadPoolThread = ThreadIdentity.IsThreadPoolThread;
        }

        Volatile.Write(ref slot.Word, SpanSlot.MakeWord(Id, SpanSlot.Ended));
        if (_flowing is not null)
        {
            buffer.Owner.PopFlowing(_flowing, _before, _inside);
        }
        else if (onStartingThread && buffer.ThreadCurrent == Id)
        {
            buffer.ThreadCurrent = _threadPrevious;
        }
    }

    /// <summary>Ends the span, as <see cref="Dispose"/> does, for <c>await using</c>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
