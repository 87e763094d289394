using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Bench;

/// <summary>Measures the cost of recording one span against the two clock reads it cannot avoid.</summary>
[MemoryDiagnoser]
public class TimelineBenchmarks
{
    private Timeline _timeline = null!;
    private long _sink;

    /// <summary>Creates the timeline and fills this thread's ring once, so every measured span is steady state:
    /// the thread is registered and recording reuses slots (a thread keeps its newest <see cref="Timeline.MaxSpansPerThread"/>).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _timeline = new Timeline("bench");
        for (var i = 0; i < Timeline.MaxSpansPerThread; i++)
        {
            using (_timeline.Span("warm"))
            {
            }
        }
    }

    /// <summary>Reads the clock twice: the floor for any span.</summary>
    [Benchmark(Baseline = true)]
    public long TwoTimestamps()
    {
        var start = Stopwatch.GetTimestamp();
        _sink = start;
        return Stopwatch.GetTimestamp() - start;
    }

    /// <summary>Records a span (start, end, ending thread, nesting on the thread).</summary>
    [Benchmark]
    public long Span()
    {
        using (var scope = _timeline.Span("span"))
        {
            return scope.Id;
        }
    }

    /// <summary>Records a span nested in another (two spans per call).</summary>
    [Benchmark]
    public long NestedSpans()
    {
        using (_timeline.Span("outer"))
        using (var inner = _timeline.Span("inner"))
        {
            return inner.Id;
        }
    }

    /// <summary>Records a span that nests through the execution context, for code that awaits.</summary>
    [Benchmark]
    public long AsyncSpan()
    {
        using (var scope = _timeline.AsyncSpan("async span"))
        {
            return scope.Id;
        }
    }

    /// <summary>Records an instant marker.</summary>
    [Benchmark]
    public void Mark() => _timeline.Mark("mark");
}
