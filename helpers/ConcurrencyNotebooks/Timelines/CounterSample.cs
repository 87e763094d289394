namespace ConcurrencyNotebooks.Timelines;

/// <summary>Describes one reading of a counter, such as the thread pool's thread count, at one instant.</summary>
/// <remarks>
/// <para>Recorded by <see cref="Timeline.SampleThreadPool(TimeSpan?)"/> or <see cref="Timeline.RecordCounter"/> on the timeline's clock
/// (<see cref="System.Diagnostics.Stopwatch"/> ticks), drawn as a step line on the chart's right axis and written to
/// Chrome traces as counter events (<c>ph:"C"</c>). Immutable; serializes with System.Text.Json as is.</para>
/// <para>A value holds from <see cref="Ticks"/> until the next sample of the same counter.</para>
/// </remarks>
public sealed record CounterSample
{
    /// <summary>The name of the thread-pool thread count counter (<see cref="ThreadPool.ThreadCount"/>).</summary>
    public const string PoolThreads = "pool threads";

    /// <summary>The name of the process CPU counter: CPU time used per elapsed time, in cores (0 to <see cref="Environment.ProcessorCount"/>).</summary>
    public const string BusyCores = "busy cores";

    /// <summary>Gets the counter's name, such as <see cref="PoolThreads"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the value starts to hold, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long Ticks { get; init; }

    /// <summary>Gets the counter's value.</summary>
    public double Value { get; init; }

    /// <summary>Gets the id of the process the value was read in.</summary>
    public int ProcessId { get; init; }
}
