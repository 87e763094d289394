namespace ConcurrencyNotebooks.Timelines;

/// <summary>Ends a span when disposed; returned by <see cref="Timeline.Span(string)"/>.</summary>
/// <remarks>
/// <para>Dispose it on any thread: a span started before an await and ended after it records both threads.
/// Only the first Dispose of a span counts; later ones (including those of copies of this struct) do nothing,
/// as <see cref="IDisposable.Dispose"/> requires. Disposing <c>default(SpanScope)</c> does nothing.</para>
/// <para>Thread-safe: two threads disposing copies at once still record the span once.</para>
/// </remarks>
/// <example><code>
/// using (tl.Span("download 1"))
/// {
///     await Task.Delay(100);
/// }
/// </code></example>
public readonly struct SpanScope : IDisposable, IAsyncDisposable
{
    private readonly Timeline? _timeline;
    private readonly SpanSlot[]? _chunk;
    private readonly int _index;
    private readonly long _parentId;
    private readonly ExecutionContext? _before;
    private readonly ExecutionContext? _inside;

    internal SpanScope(Timeline timeline, SpanSlot[] chunk, int index, long id, long parentId, ExecutionContext? before, ExecutionContext? inside)
    {
        _timeline = timeline;
        _chunk = chunk;
        _index = index;
        Id = id;
        _parentId = parentId;
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

        if (Interlocked.CompareExchange(ref _chunk[_index].State, SpanSlot.Ending, SpanSlot.Open) != SpanSlot.Open)
        {
            return;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        ref var slot = ref _chunk[_index];
        slot.End = now;
        slot.EndOsThreadId = ThreadIdentity.OsThreadId;
        slot.EndManagedThreadId = ThreadIdentity.ManagedThreadId;
        slot.EndIsThreadPoolThread = ThreadIdentity.IsThreadPoolThread;
        Volatile.Write(ref slot.State, SpanSlot.Ended);
        _timeline!.PopCurrent(Id, _parentId, _before, _inside);
    }

    /// <summary>Ends the span, as <see cref="Dispose"/> does, for <c>await using</c>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
