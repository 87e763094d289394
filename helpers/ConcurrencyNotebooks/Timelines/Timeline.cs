using System.Diagnostics;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Records what runs when, and where: spans and markers on threads, awaits and processes, on one clock.</summary>
/// <remarks>
/// <para>Recording is thread-safe and lock-free: each thread appends to its own buffer, registered once per
/// thread and timeline, and keeps its newest <see cref="MaxSpansPerThread"/> spans (see <see cref="DroppedSpans"/>).
/// <see cref="Span(string)"/> spans nest on their thread and allocate nothing once a thread's buffer is full;
/// <see cref="AsyncSpan(string)"/> and <see cref="RecordAsync(string, Func{Task})"/> spans nest through the execution
/// context, so code after an await still knows its parent, for about 100 bytes per span.
/// <see cref="Snapshot"/> and <see cref="Add(IEnumerable{SpanRecord})"/> take a lock and may run at any time, also
/// while other threads record.</para>
/// <para>Disposing the timeline freezes it: new spans, markers and merges throw <see cref="ObjectDisposedException"/>;
/// spans already open may still end; snapshots and rendering keep working.</para>
/// <para>In a notebook, a timeline as a cell's last expression shows as a chart (see <see cref="Notebook.Setup"/>);
/// elsewhere <see cref="ToString"/> draws it as text. To watch a long cell as it runs, wrap the work in
/// <c>using (tl.ShowLive()) { … }</c> (<see cref="ShowLive()"/>); to see the thread pool grow alongside the spans,
/// create it with <c>new Timeline("title", sampleThreadPool: true)</c> or wrap the work in <c>using (tl.SampleThreadPool()) { … }</c>.</para>
/// </remarks>
/// <example><code>
/// var tl = new Timeline("two downloads");
/// await Task.WhenAll(
///     tl.RecordAsync("download 1", () =&gt; Task.Delay(100)),
///     tl.RecordAsync("download 2", () =&gt; Task.Delay(150)));
/// using (tl.Span("parse")) { Thread.Sleep(20); }
/// tl.Mark("done");
/// tl
/// </code></example>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(TimelineFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Timeline : IDisposable
{
    [ThreadStatic]
    private static ThreadBuffer? _cachedBuffer;

    private readonly object _gate = new();
    private readonly Dictionary<Thread, ThreadBuffer> _buffersByThread = new(ReferenceEqualityComparer.Instance);
    private readonly List<ThreadBuffer> _buffers = new();
    private readonly List<SpanRecord> _merged = new();
    private readonly List<CounterSample> _counters = new();
    private readonly AsyncLocal<FlowingSpan?> _flowing = new();
    private readonly List<RuntimeEventRecorder> _runtimeRecorders = new();
    private volatile bool _disposed;

    /// <summary>Initializes an empty timeline whose axis starts now, on the calling ("main") thread.</summary>
    /// <param name="title">The title charts and text renderings show.</param>
    /// <exception cref="ArgumentException">When <paramref name="title"/> is null or empty.</exception>
    public Timeline(string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        Title = title;
        ProcessId = Environment.ProcessId;
        MainOsThreadId = ThreadIdentity.OsThreadId;
        StartTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>Initializes an empty timeline whose axis starts now and, when asked, samples the thread pool or records the runtime's events.</summary>
    /// <param name="title">The title charts and text renderings show.</param>
    /// <param name="sampleThreadPool">True to start <see cref="SampleThreadPool(TimeSpan?)"/> now; it stops when the
    /// timeline is disposed or, in a notebook, when the cell that created the timeline ends.</param>
    /// <param name="runtimeEvents">True to start <see cref="RecordRuntimeEvents"/> now; it stops like the sampling.</param>
    /// <exception cref="ArgumentException">When <paramref name="title"/> is null or empty.</exception>
    public Timeline(string title, bool sampleThreadPool = false, bool runtimeEvents = false)
        : this(title)
    {
        if (sampleThreadPool)
        {
            _ = SampleThreadPool();
        }

        if (runtimeEvents)
        {
            _ = RecordRuntimeEvents();
        }
    }

    /// <summary>Gets the title charts and text renderings show.</summary>
    public string Title { get; }

    /// <summary>Gets the <see cref="Stopwatch"/> timestamp the timeline was created at: time zero on its axis.</summary>
    public long StartTicks { get; }

    /// <summary>Gets the id of the process that created the timeline.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the OS id of the thread that created the timeline, drawn as the "main" lane.</summary>
    public int MainOsThreadId { get; }

    /// <summary>Gets a snapshot of every span recorded or merged so far, ordered by start time.</summary>
    /// <remarks>Each read takes a new snapshot; keep the result in a variable when you use it more than once.</remarks>
    public IReadOnlyList<SpanRecord> Spans => Snapshot();

    /// <summary>Gets a snapshot of the counter samples recorded so far (see <see cref="SampleThreadPool(TimeSpan?)"/>), ordered by time.</summary>
    /// <remarks>Thread-safe; each read copies. The records serialize with System.Text.Json as they are.</remarks>
    public IReadOnlyList<CounterSample> Counters
    {
        get
        {
            CounterSample[] copy;
            lock (_gate)
            {
                copy = _counters.ToArray();
            }

            Array.Sort(copy, static (a, b) => a.Ticks.CompareTo(b.Ticks));
            return Array.AsReadOnly(copy);
        }
    }

    /// <summary>Starts sampling the thread pool's thread count (and the process's busy cores) on this timeline's clock.</summary>
    /// <param name="interval">Time between samples; default 25 ms, at least 5 ms.</param>
    /// <returns>A handle that stops sampling (after one last reading) when disposed; idempotent, any thread.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="interval"/> is under 5 ms.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>
    /// <para>Samples are <see cref="CounterSample"/>s named <see cref="CounterSample.PoolThreads"/> and
    /// <see cref="CounterSample.BusyCores"/> (CPU time per elapsed time, 0 to <see cref="Environment.ProcessorCount"/>).
    /// Charts draw them as step lines on a right-hand axis; Chrome traces hold them as counter events.</para>
    /// <para>Sampling also stops when the timeline is disposed, after <see cref="MaxCounterSamples"/> samples, and
    /// in a notebook when the cell that started it ends. Samples are taken on a dedicated background thread (not a pool
    /// thread, so a starved pool neither delays them nor is counted by them); each costs two cheap reads.</para>
    /// </remarks>
    /// <example><code>
    /// using (tl.SampleThreadPool())
    /// {
    ///     await Task.WhenAll(Enumerable.Range(0, 20).Select(i =&gt; Task.Run(() =&gt; tl.Record($"job {i}", () =&gt; Thread.Sleep(200)))));
    /// }
    /// </code></example>
    public IDisposable SampleThreadPool(TimeSpan? interval = null)
    {
        var every = interval ?? TimeSpan.FromMilliseconds(25);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromMilliseconds(5), nameof(interval));
        ThrowIfDisposed();
        return new ThreadPoolSampler(this, every, Microsoft.DotNet.Interactive.KernelInvocationContext.Current);
    }

    /// <summary>Records the runtime's own events on this timeline: lock contention, GC pauses, thread-pool thread injection.</summary>
    /// <returns>A handle that, when disposed, waits for the events still in flight (at most 2 s) and stops; idempotent, any thread.</returns>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>
    /// <para>Listens to the runtime's event source ("Microsoft-Windows-DotNETRuntime") in this process. A contended
    /// <c>lock</c> (Monitor or <see cref="Lock"/>) becomes a span on the waiting thread's lane, from when it started to
    /// wait to when it got the lock; GC pauses (all managed threads stopped) become spans, and each change of the thread
    /// pool's target thread count a marker with its reason (starvation, hill climbing, …), on a lane named "runtime".</para>
    /// <para>Off unless asked: nothing listens, nothing costs. On, the runtime formats and delivers every contention,
    /// GC and thread-pool event of the process to this listener (the benchmark measures the cost per contended lock).
    /// Also stops when the timeline is disposed and, in a notebook, once the cell that started it has ended.</para>
    /// </remarks>
    /// <example><code>
    /// using (tl.RecordRuntimeEvents())
    /// {
    ///     // threads that contend for a lock
    /// }
    /// tl
    /// </code></example>
    public IDisposable RecordRuntimeEvents()
    {
        ThrowIfDisposed();
        var recorder = new RuntimeEventRecorder(this, Microsoft.DotNet.Interactive.KernelInvocationContext.Current);
        lock (_gate)
        {
            _runtimeRecorders.RemoveAll(r => r.IsStopped);
            _runtimeRecorders.Add(recorder);
        }

        return recorder;
    }

    /// <summary>Waits until runtime events raised so far are on the timeline, when <see cref="RecordRuntimeEvents"/> is on
    /// (they arrive a few milliseconds late); returns at once otherwise. Renderers call it before drawing.</summary>
    internal void CatchUpRuntimeEvents()
    {
        RuntimeEventRecorder[] recorders;
        lock (_gate)
        {
            recorders = _runtimeRecorders.ToArray();
        }

        foreach (var recorder in recorders)
        {
            recorder.Flush();
        }
    }

    /// <summary>Shows this timeline as a chart under the running cell and redraws it from a timer until disposed.</summary>
    /// <returns>The live view; dispose it (<c>using (tl.ShowLive()) { … }</c>) to draw the final chart and stop.</returns>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>Refreshes every <see cref="TimelineLiveView.DefaultRefresh"/>; see <see cref="TimelineLiveView"/>.</remarks>
    public TimelineLiveView ShowLive() => ShowLive(TimelineLiveView.DefaultRefresh);

    /// <summary>Shows this timeline as a chart under the running cell and redraws it every <paramref name="refresh"/> until disposed.</summary>
    /// <param name="refresh">Time between redraws, at least 100 ms (each redraw re-sends the chart).</param>
    /// <returns>The live view; dispose it (<c>using (tl.ShowLive()) { … }</c>) to draw the final chart and stop.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="refresh"/> is under 100 ms.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>Call it on the cell's own thread (the kernel ties the display to the running cell); outside a
    /// notebook it draws nothing live and prints the text timeline once when disposed. See <see cref="TimelineLiveView"/>.</remarks>
    public TimelineLiveView ShowLive(TimeSpan refresh)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refresh, TimelineLiveView.MinRefresh);
        ThrowIfDisposed();
        return TimelineLiveView.Start(this, refresh, Microsoft.DotNet.Interactive.KernelInvocationContext.Current, Console.WriteLine);
    }

    /// <summary>Gets the most counter samples one timeline keeps; sampling stops when it is reached.</summary>
    public const int MaxCounterSamples = 200_000;

    /// <summary>Gets the most spans and markers one thread keeps in one timeline (1,048,576); past it, the thread's oldest are dropped.</summary>
    public const int MaxSpansPerThread = ThreadBuffer.Capacity;

    /// <summary>Gets how many spans were dropped because a thread recorded more than <see cref="MaxSpansPerThread"/>; charts and text say so.</summary>
    public long DroppedSpans
    {
        get
        {
            lock (_gate)
            {
                return _buffers.Sum(b => b.Dropped);
            }
        }
    }

    /// <summary>Starts a span that nests on this thread and ends when the returned scope is disposed.</summary>
    /// <param name="label">What the span does; passed as is (no formatting happens on this path).</param>
    /// <returns>A scope to dispose (with <c>using (…) { }</c>) when the work ends.</returns>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>
    /// <para>The span's parent is the innermost open span of this thread, or of the async flow (see <see cref="AsyncSpan(string)"/>)
    /// when that one started later. Lock-free, and allocation-free once the thread's buffer is full; the first span a
    /// thread records in this timeline registers the thread (one lock).</para>
    /// <para>For a span around an <c>await</c>, use <see cref="AsyncSpan(string)"/>: this one still records both threads
    /// (the hop), but while it waits its thread may run other code, which would then look nested in it.</para>
    /// </remarks>
    public SpanScope Span(string label) => Start(label, SpanKind.Thread, flows: false);

    /// <summary>Starts a span for code that awaits: it flows with the async code, so spans started after an await (on any thread) nest in it.</summary>
    /// <param name="label">What the span does.</param>
    /// <returns>A scope to dispose (<c>using (tl.AsyncSpan("…")) { await …; }</c>) when the work ends, on whatever thread that is.</returns>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>Nesting travels in the execution context (an <see cref="AsyncLocal{T}"/>), which costs about 100 bytes per
    /// span; two async methods interleaving on one thread each keep their own parent.</remarks>
    /// <example><code>
    /// async Task DownloadAsync(int n)
    /// {
    ///     using (tl.AsyncSpan($"download {n}"))
    ///     {
    ///         await Task.Delay(100);
    ///     }
    /// }
    /// await Task.WhenAll(DownloadAsync(1), DownloadAsync(2));
    /// </code></example>
    public SpanScope AsyncSpan(string label) => Start(label, SpanKind.Async, flows: true);

    /// <summary>Records an instant marker, such as "cancel requested".</summary>
    /// <param name="label">What happened.</param>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    public void Mark(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ThrowIfDisposed();
        var buffer = CurrentBuffer();
        var parent = Parent(buffer, out _, out var parentIsOnThread);
        buffer.Append(label, SpanKind.Marker, parent, parentIsOnThread, Stopwatch.GetTimestamp(), ended: true, out _, out _);
    }

    /// <summary>Records a counter's value now, such as a queue's length: drawn as a step line on the right-hand axis.</summary>
    /// <param name="name">The counter's name, one track per name (as <see cref="CounterSample.PoolThreads"/> is).</param>
    /// <param name="value">The value that holds from now until the counter's next value.</param>
    /// <returns>False when the timeline already holds <see cref="MaxCounterSamples"/> samples (nothing was recorded).</returns>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>Thread-safe (takes a short lock). Read the value and record it in one place, e.g. right after each
    /// write and each read of a channel: <c>tl.RecordCounter("queue length", channel.Reader.Count)</c>.</remarks>
    public bool RecordCounter(string name, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfDisposed();
        var sample = new CounterSample { Name = name, Ticks = Stopwatch.GetTimestamp(), Value = value, ProcessId = ProcessId };
        if (TryAddCounterSamples([sample]))
        {
            return true;
        }

        ThrowIfDisposed();
        return false;
    }

    /// <summary>Runs <paramref name="action"/> inside a span.</summary>
    /// <param name="label">What the work does.</param>
    /// <param name="action">The work.</param>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException">When <paramref name="action"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    public void Record(string label, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using (Span(label))
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="func"/> inside a span and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="label">What the work does.</param>
    /// <param name="func">The work.</param>
    /// <returns>What <paramref name="func"/> returned.</returns>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException">When <paramref name="func"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    public T Record<T>(string label, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        using (Span(label))
        {
            return func();
        }
    }

    /// <summary>Runs asynchronous work inside an <see cref="SpanKind.Async"/> span that ends when the work completes.</summary>
    /// <param name="label">What the work does.</param>
    /// <param name="func">The work.</param>
    /// <returns>A task that completes when the work does.</returns>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException">When <paramref name="func"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    public Task RecordAsync(string label, Func<Task> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RecordAsync(label, async () =>
        {
            await func().ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Runs asynchronous work that returns a value inside an <see cref="SpanKind.Async"/> span.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="label">What the work does.</param>
    /// <param name="func">The work.</param>
    /// <returns>A task with the work's result.</returns>
    /// <exception cref="ArgumentException">When <paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException">When <paramref name="func"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    public Task<T> RecordAsync<T>(string label, Func<Task<T>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        ArgumentException.ThrowIfNullOrEmpty(label);
        ThrowIfDisposed();
        return Core();

        async Task<T> Core()
        {
            using (Start(label, SpanKind.Async, flows: true))
            {
                return await func().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Copies every span recorded or merged so far, ordered by start time; open spans end "now" and are marked unfinished.</summary>
    /// <returns>An immutable list of records, safe to serialize and send to another process.</returns>
    /// <remarks>Thread-safe: takes a lock and reads each thread's buffer while it may still be appended to.</remarks>
    public IReadOnlyList<SpanRecord> Snapshot()
    {
        ThreadBuffer[] buffers;
        List<SpanRecord> spans;
        lock (_gate)
        {
            buffers = _buffers.ToArray();
            spans = new List<SpanRecord>(_merged.Count + (int)Math.Min(buffers.Sum(b => Math.Min(b.Count, ThreadBuffer.Capacity)), 1 << 26));
            spans.AddRange(_merged);
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var buffer in buffers)
        {
            buffer.CopyTo(ProcessId, now, spans);
        }

        spans.Sort(static (a, b) => a.StartTicks != b.StartTicks ? a.StartTicks.CompareTo(b.StartTicks) : a.EndTicks.CompareTo(b.EndTicks));
        return spans.AsReadOnly();
    }

    /// <summary>Merges spans recorded elsewhere, such as in a worker process, into this timeline on the same axis.</summary>
    /// <param name="spans">The records, for example a worker's <see cref="Snapshot"/> sent back as JSON.</param>
    /// <exception cref="ArgumentNullException">When <paramref name="spans"/> or one of its records is null.</exception>
    /// <exception cref="ArgumentException">When a record has an empty label or ends before it starts.</exception>
    /// <exception cref="ObjectDisposedException">When the timeline has been disposed.</exception>
    /// <remarks>Thread-safe. Records keep their process id; set <see cref="SpanRecord.Lane"/> (e.g. "worker 2") to name their lanes.</remarks>
    public void Add(IEnumerable<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ThrowIfDisposed();
        var list = spans.ToList();
        foreach (var span in list)
        {
            ArgumentNullException.ThrowIfNull(span, nameof(spans));
            if (string.IsNullOrEmpty(span.Label))
            {
                throw new ArgumentException($"Span {span.Id} of process {span.ProcessId} has no label.", nameof(spans));
            }

            if (span.EndTicks < span.StartTicks)
            {
                throw new ArgumentException($"Span '{span.Label}' ends ({span.EndTicks}) before it starts ({span.StartTicks}).", nameof(spans));
            }
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            _merged.AddRange(list);
        }
    }

    /// <summary>Freezes the timeline: later spans, markers and merges throw, thread-pool sampling and runtime events stop; what was recorded stays readable.</summary>
    public void Dispose()
    {
        RuntimeEventRecorder[] recorders;
        lock (_gate)
        {
            _disposed = true;
            recorders = _runtimeRecorders.ToArray();
            _runtimeRecorders.Clear();
        }

        foreach (var recorder in recorders)
        {
            recorder.Stop();
        }
    }

    /// <summary>Draws the timeline as text, one row per lane (see <see cref="TextTimeline.Render"/>).</summary>
    /// <returns>A multi-line text chart.</returns>
    public override string ToString()
    {
        CatchUpRuntimeEvents();
        return TextTimeline.Render(this);
    }

    /// <summary>Writes the timeline as Chrome trace event JSON, which Perfetto and chrome://tracing open.</summary>
    /// <returns>The JSON text.</returns>
    public string ToChromeTrace()
    {
        CatchUpRuntimeEvents();
        return ChromeTrace.ToJson(this);
    }

    internal SpanScope Start(string label, SpanKind kind, bool flows)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ThrowIfDisposed();
        var buffer = CurrentBuffer();
        var parent = Parent(buffer, out var threadCurrent, out var parentIsOnThread);
        if (!flows)
        {
            var index = buffer.Append(label, kind, parent, parentIsOnThread, Stopwatch.GetTimestamp(), ended: false, out var id, out var chunk);
            buffer.ThreadCurrent = id;
            return new SpanScope(buffer, chunk, index, id, threadCurrent);
        }

        var before = ExecutionContext.Capture();
        var start = Stopwatch.GetTimestamp();
        var at = buffer.Append(label, kind, parent, parentIsOnThread, start, ended: false, out var flowId, out var flowChunk);
        var flowing = new FlowingSpan(flowId, start, _flowing.Value);
        _flowing.Value = flowing;
        return new SpanScope(buffer, flowChunk, at, flowing, before, ExecutionContext.Capture());
    }

    /// <summary>Makes the enclosing flowing span current again when an <see cref="AsyncSpan(string)"/> ends.</summary>
    internal void PopFlowing(FlowingSpan ended, ExecutionContext? before, ExecutionContext? inside)
    {
        // In the common case nothing else changed the execution context inside the span: put the one from
        // before back (no allocation). Otherwise (other async locals changed, or the scope is disposed from
        // another flow) make the parent current only if this span is the current one here.
        var now = ExecutionContext.Capture();
        if (before is not null && inside is not null && ReferenceEquals(now, inside))
        {
            ExecutionContext.Restore(before);
        }
        else if (ReferenceEquals(_flowing.Value, ended))
        {
            _flowing.Value = ended.Parent;
        }
    }

    /// <summary>Finds a new span's parent: the innermost open span of this thread, unless the async flow's innermost
    /// one started later (then that one encloses the thread's).</summary>
    private long Parent(ThreadBuffer buffer, out long threadCurrent, out bool parentIsOnThread)
    {
        threadCurrent = buffer.OpenThreadCurrent(out var threadStart);
        var flowing = _flowing.Value;
        if (flowing is not null && (threadCurrent == 0 || flowing.Start >= threadStart))
        {
            parentIsOnThread = false;
            return flowing.Id;
        }

        parentIsOnThread = threadCurrent != 0;
        return threadCurrent;
    }

    /// <summary>Appends counter samples, unless the timeline is disposed or full.</summary>
    /// <param name="samples">The samples.</param>
    /// <returns>False when nothing was added because the timeline is disposed or holds <see cref="MaxCounterSamples"/>.</returns>
    internal bool TryAddCounterSamples(IReadOnlyCollection<CounterSample> samples)
    {
        lock (_gate)
        {
            if (_disposed || _counters.Count + samples.Count > MaxCounterSamples)
            {
                return false;
            }

            _counters.AddRange(samples);
            return true;
        }
    }

    /// <summary>Adds a span or marker the runtime reported for a thread (or the runtime lane), unless the timeline is disposed.</summary>
    /// <remarks>A thread that recorded in this timeline keeps its lane; another is named by its OS thread id.</remarks>
    /// <returns>False when nothing was added because the timeline is disposed.</returns>
    internal bool TryAddRuntimeRecord(long id, string label, SpanKind kind, int osThreadId, long start, long end)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var buffer = _buffers.Find(b => b.OsThreadId == osThreadId);
            var runtimeLane = osThreadId == RuntimeEvents.LaneThreadId;
            _merged.Add(new SpanRecord
            {
                Id = id,
                Label = label,
                Kind = kind,
                StartTicks = start,
                EndTicks = end,
                ProcessId = ProcessId,
                OsThreadId = osThreadId,
                ManagedThreadId = buffer?.ManagedThreadId ?? 0,
                IsThreadPoolThread = buffer?.IsThreadPoolThread ?? false,
                ThreadName = runtimeLane ? RuntimeEvents.LaneName : buffer is null ? $"OS tid {osThreadId}" : buffer.ThreadName,
                EndOsThreadId = osThreadId,
                EndManagedThreadId = buffer?.ManagedThreadId ?? 0,
                EndIsThreadPoolThread = buffer?.IsThreadPoolThread ?? false,
            });
            return true;
        }
    }

    private ThreadBuffer CurrentBuffer()
    {
        var buffer = _cachedBuffer;
        if (buffer is null || !ReferenceEquals(buffer.Owner, this))
        {
            buffer = RegisterCurrentThread();
        }

        return buffer;
    }

    private ThreadBuffer RegisterCurrentThread()
    {
        var thread = Thread.CurrentThread;
        lock (_gate)
        {
            if (!_buffersByThread.TryGetValue(thread, out var buffer))
            {
                buffer = new ThreadBuffer(this, _buffers.Count);
                _buffersByThread.Add(thread, buffer);
                _buffers.Add(buffer);
            }

            _cachedBuffer = buffer;
            return buffer;
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            Throw(Title);
        }

        static void Throw(string title) =>
            throw new ObjectDisposedException($"Timeline '{title}'", $"The timeline '{title}' has been disposed (frozen); create a new Timeline to record more.");
    }
}
