using BenchmarkDotNet.Attributes;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Bench;

/// <summary>Measures what recording the runtime's events costs: two threads contending for one lock, and induced GCs,
/// with <see cref="Timeline.RecordRuntimeEvents"/> off and on.</summary>
[MemoryDiagnoser]
public class RuntimeEventBenchmarks
{
    private const int IncrementsPerThread = 100_000;
    private readonly object _gate = new();
    private Timeline _timeline = null!;
    private IDisposable? _recording;
    private long _count;

    /// <summary>Gets or sets whether the timeline records the runtime's events during the benchmark.</summary>
    [Params(false, true)]
    public bool RuntimeEvents { get; set; }

    /// <summary>Creates the timeline and, when asked, starts recording the runtime's events.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _timeline = new Timeline("bench");
        _recording = RuntimeEvents ? _timeline.RecordRuntimeEvents() : null;
    }

    /// <summary>Stops recording.</summary>
    [GlobalCleanup]
    public void Cleanup() => _recording?.Dispose();

    /// <summary>Two threads increment one counter under one lock: contention (and its events) all the way.</summary>
    [Benchmark]
    public long ContendedLock()
    {
        var other = new Thread(Increment);
        other.Start();
        Increment();
        other.Join();
        return _count;
    }

    /// <summary>One induced gen-0 collection: a GC pause (and its events).</summary>
    [Benchmark]
    public void Gen0Collection() => GC.Collect(0);

    private void Increment()
    {
        for (var i = 0; i < IncrementsPerThread; i++)
        {
            lock (_gate)
            {
                _count++;
            }
        }
    }
}
