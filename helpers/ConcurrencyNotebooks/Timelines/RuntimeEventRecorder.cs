using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.DotNet.Interactive;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Listens to the runtime's own events and records them on a <see cref="Timeline"/>'s clock: contention on
/// managed locks as spans on the waiting thread's lane, GC pauses and thread-pool thread-count changes (with their reason) on a
/// "runtime" lane.</summary>
/// <remarks>
/// <para>The runtime delivers these events to in-process listeners on its own dispatch thread, a few milliseconds
/// late. <see cref="Dispose"/> therefore first waits (at most <see cref="FlushLimit"/>) for a marker event it provokes
/// itself (starting an empty thread), so everything before it is on the timeline when Dispose returns.</para>
/// <para>Stops on Dispose, when the timeline is disposed, and in a notebook once the cell that started it has ended.
/// Thread-safe; Dispose is idempotent, any thread.</para>
/// </remarks>
internal sealed class RuntimeEventRecorder : EventListener
{
    /// <summary>The longest <see cref="Dispose"/> waits for the events still in flight.</summary>
    public static readonly TimeSpan FlushLimit = TimeSpan.FromSeconds(2);

    private readonly Timeline _timeline;
    private readonly KernelInvocationContext? _cell;
    private readonly DateTime _utcAtStart;
    private readonly long _ticksAtStart;
    private readonly ManualResetEventSlim _flushed = new();
    private long _nextId;
    private long _lastPoolTarget = -1;
    private (long Ticks, int Generation)? _gcPause;
    private readonly object _flushGate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _flushThreads = new();
    private int _flushThreadId;
    private long _flushAfterTicks = long.MaxValue;
    private volatile bool _stopped;
    private int _disposed;

    internal RuntimeEventRecorder(Timeline timeline, KernelInvocationContext? cell)
        : base()
    {
        _timeline = timeline;
        _cell = cell;
        _utcAtStart = DateTime.UtcNow;
        _ticksAtStart = Stopwatch.GetTimestamp();
        EnableRuntimeSource();
    }

    /// <summary>Waits for the events still in flight, then stops listening; idempotent, any thread.</summary>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_stopped)
        {
            Flush();
        }

        _stopped = true;
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor (before this one's fields are set) for sources that already exist,
        // so the constructor enables the runtime's source again itself.
        if (eventSource.Name == RuntimeEvents.SourceName && _timeline is not null)
        {
            EnableEvents(eventSource, EventLevel.Informational, RuntimeEvents.Keywords);
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (_stopped || _timeline is null)
        {
            return;
        }

        if (_cell is { IsComplete: true })
        {
            StopSoon();
            return;
        }

        switch (RuntimeEvents.BaseName(e.EventName))
        {
            case "ContentionStop":
                Contention(e);
                break;
            case "GCSuspendEEBegin":
                _gcPause = (Ticks(e.TimeStamp), -1);
                break;
            case "GCStart" when _gcPause is { } pause:
                _gcPause = (pause.Ticks, Convert.ToInt32(Payload(e, "Depth"), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "GCRestartEEEnd" when _gcPause is { } pause:
                _gcPause = null;
                var label = pause.Generation >= 0 ? $"GC pause (gen {pause.Generation})" : "GC pause";
                Add(label, SpanKind.Runtime, RuntimeEvents.LaneThreadId, pause.Ticks, Ticks(e.TimeStamp));
                break;
            case "ThreadPoolWorkerThreadAdjustmentAdjustment":
                PoolAdjustment(e);
                break;
            case "ThreadCreating" when e.OSThreadId == Volatile.Read(ref _flushThreadId)
                                       && e.TimeStamp.Ticks >= Volatile.Read(ref _flushAfterTicks):
                _flushed.Set();
                break;
        }
    }

    private void EnableRuntimeSource()
    {
        foreach (var source in EventSource.GetSources())
        {
            if (source.Name == RuntimeEvents.SourceName)
            {
                EnableEvents(source, EventLevel.Informational, RuntimeEvents.Keywords);
            }
        }
    }

    private void Contention(EventWrittenEventArgs e)
    {
        // ContentionFlags: 0 managed (a lock or Monitor in .NET code), 1 native (the runtime's own locks). A flush's
        // own marker thread may contend while it starts: that wait is ours, not the program's.
        if (Convert.ToInt32(Payload(e, "ContentionFlags"), System.Globalization.CultureInfo.InvariantCulture) != 0
            || _flushThreads.ContainsKey(e.OSThreadId))
        {
            return;
        }

        var end = Ticks(e.TimeStamp);
        var nanoseconds = Convert.ToDouble(Payload(e, "DurationNs"), System.Globalization.CultureInfo.InvariantCulture);
        var start = end - (long)(nanoseconds * Stopwatch.Frequency / 1e9);
        Add("waits for a lock (contention)", SpanKind.Runtime, (int)e.OSThreadId, start, end);
    }

    private void PoolAdjustment(EventWrittenEventArgs e)
    {
        var target = Convert.ToInt64(Payload(e, "NewWorkerThreadCount"), System.Globalization.CultureInfo.InvariantCulture);
        if (target == Interlocked.Exchange(ref _lastPoolTarget, target))
        {
            return;
        }

        var reason = RuntimeEvents.AdjustmentReason(Convert.ToInt64(Payload(e, "Reason"), System.Globalization.CultureInfo.InvariantCulture));
        var at = Ticks(e.TimeStamp);
        Add($"{RuntimeEvents.GoalMarkerPrefix}{target} threads ({reason})", SpanKind.Marker, RuntimeEvents.LaneThreadId, at, at);
    }

    private void Add(string label, SpanKind kind, int osThreadId, long start, long end)
    {
        var id = -Interlocked.Increment(ref _nextId);
        if (!_timeline.TryAddRuntimeRecord(id, label, kind, osThreadId, Math.Min(start, end), end))
        {
            StopSoon();
        }
    }

    /// <summary>Stops listening now, without waiting for events in flight (the timeline was disposed); idempotent.</summary>
    /// <remarks>Not for the runtime's dispatch thread (see <see cref="StopSoon"/>).</remarks>
    internal void Stop()
    {
        _stopped = true;
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            base.Dispose();
        }
    }

    /// <summary>Gets whether the recorder has stopped listening.</summary>
    internal bool IsStopped => _stopped;

    /// <summary>Waits until the events the runtime raised before this call have been recorded (at most <see cref="FlushLimit"/>).</summary>
    /// <remarks>Provokes an event of its own (starting an empty thread raises ThreadCreating on this thread) and waits
    /// for it: the runtime delivers events in time order, so the earlier ones are in. Calls are serialized.</remarks>
    internal void Flush()
    {
        lock (_flushGate)
        {
            if (_stopped)
            {
                return;
            }

            _flushed.Reset();
            Volatile.Write(ref _flushThreadId, ThreadIdentity.OsThreadId);
            Volatile.Write(ref _flushAfterTicks, DateTime.UtcNow.Ticks);
            var marker = new Thread(() => _flushThreads.TryAdd(ThreadIdentity.OsThreadId, true))
            {
                IsBackground = true,
                Name = "timeline flush",
            };
            marker.Start();
            marker.Join();
            _flushed.Wait(FlushLimit);
        }
    }

    /// <summary>Stops from another thread: disposing a listener on the runtime's dispatch thread would wait for itself.</summary>
    private void StopSoon()
    {
        _stopped = true;
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        new Thread(() => base.Dispose()) { IsBackground = true, Name = "timeline runtime events stop" }.Start();
    }

    private long Ticks(DateTime utc) =>
        _ticksAtStart + (long)((utc - _utcAtStart).Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 ? e.Payload![index] : null;
    }
}
