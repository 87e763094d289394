using System.Text.Json.Serialization;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Describes one finished (or still open) span: what ran, when, and on which process and thread.</summary>
/// <remarks>
/// <para>Times are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks. On Linux that clock is
/// CLOCK_MONOTONIC, shared by every process on the machine, so records from a worker process can be merged
/// into a parent's timeline with <see cref="Timeline.Add(IEnumerable{SpanRecord})"/> and stay on one axis.</para>
/// <para>A span is identified by (<see cref="ProcessId"/>, <see cref="Id"/>); <see cref="ParentId"/> refers to a
/// span of the same process. The record is immutable and serializes with System.Text.Json as is.</para>
/// </remarks>
/// <example><code>
/// var json = JsonSerializer.Serialize(workerTimeline.Snapshot());
/// parentTimeline.Add(JsonSerializer.Deserialize&lt;List&lt;SpanRecord&gt;&gt;(json)!.Select(s =&gt; s with { Lane = "worker 1" }));
/// </code></example>
public sealed record SpanRecord
{
    /// <summary>Gets the span's id, unique within its process.</summary>
    public required long Id { get; init; }

    /// <summary>Gets the id of the span this one is nested in (same process), or null at top level.</summary>
    public long? ParentId { get; init; }

    /// <summary>Gets the label the caller gave the span.</summary>
    public required string Label { get; init; }

    /// <summary>Gets what kind of work the span stands for.</summary>
    public SpanKind Kind { get; init; }

    /// <summary>Gets the start time in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long StartTicks { get; init; }

    /// <summary>Gets the end time in <see cref="System.Diagnostics.Stopwatch"/> ticks (the snapshot time when <see cref="IsUnfinished"/>).</summary>
    public long EndTicks { get; init; }

    /// <summary>Gets whether the span was still open when the snapshot was taken.</summary>
    public bool IsUnfinished { get; init; }

    /// <summary>Gets the id of the process that recorded the span.</summary>
    public int ProcessId { get; init; }

    /// <summary>Gets the operating-system id of the thread the span started on.</summary>
    public int OsThreadId { get; init; }

    /// <summary>Gets the managed id of the thread the span started on.</summary>
    public int ManagedThreadId { get; init; }

    /// <summary>Gets whether the span started on a thread-pool thread.</summary>
    public bool IsThreadPoolThread { get; init; }

    /// <summary>Gets the name of the thread the span started on, if it had one.</summary>
    public string? ThreadName { get; init; }

    /// <summary>Gets the operating-system id of the thread the span ended on.</summary>
    public int EndOsThreadId { get; init; }

    /// <summary>Gets the managed id of the thread the span ended on.</summary>
    public int EndManagedThreadId { get; init; }

    /// <summary>Gets whether the span ended on a thread-pool thread.</summary>
    public bool EndIsThreadPoolThread { get; init; }

    /// <summary>Gets an optional name for the span's process lane, such as "worker 2".</summary>
    public string? Lane { get; init; }

    /// <summary>Gets whether the span ended on another thread than it started on (an await hop).</summary>
    [JsonIgnore]
    public bool Hopped => !IsUnfinished && Kind != SpanKind.Marker && EndOsThreadId != OsThreadId;

    /// <summary>Gets the span's duration.</summary>
    [JsonIgnore]
    public TimeSpan Duration => System.Diagnostics.Stopwatch.GetElapsedTime(StartTicks, EndTicks);
}
