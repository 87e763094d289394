using System.Diagnostics;
using Microsoft.DotNet.Interactive;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Reads <see cref="ThreadPool.ThreadCount"/> and the process's busy cores on a timer into a <see cref="Timeline"/>.</summary>
/// <remarks>
/// <para>Each tick records two <see cref="CounterSample"/>s: the pool's thread count now, and the CPU time the process
/// used since the previous tick divided by the elapsed time (stamped at the previous tick, so the step covers the
/// interval it measured). Ticks run on a dedicated thread (<see cref="TickThread"/>), so a starved pool does not
/// delay them, and never overlap.</para>
/// <para>Stops on <see cref="Dispose"/> (which records a last reading), when the timeline is disposed or holds
/// <see cref="Timeline.MaxCounterSamples"/> samples, and, inside a notebook kernel, when the cell that started it ends.
/// Thread-safe; Dispose is idempotent and may run on any thread.</para>
/// </remarks>
internal sealed class ThreadPoolSampler : IDisposable
{
    private readonly object _gate = new();
    private readonly Timeline _timeline;
    private readonly KernelInvocationContext? _cell;
    private readonly TickThread _ticks;
    private long _lastTicks;
    private TimeSpan _lastCpu;
    private bool _stopped;

    internal ThreadPoolSampler(Timeline timeline, TimeSpan interval, KernelInvocationContext? cell)
    {
        _timeline = timeline;
        _cell = cell;
        _lastTicks = Stopwatch.GetTimestamp();
        _lastCpu = Environment.CpuUsage.TotalTime;
        SampleNow();
        _ticks = new TickThread("timeline thread-pool sampler", interval, OnTick);
    }

    /// <summary>Records a reading now, unless sampling has stopped.</summary>
    /// <returns>False when sampling has stopped (now or before).</returns>
    internal bool SampleNow()
    {
        lock (_gate)
        {
            return !_stopped && SampleLocked();
        }
    }

    /// <summary>Records a last reading and stops sampling; idempotent, any thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            SampleLocked();
            _stopped = true;
        }

        _ticks.Dispose();
    }

    private bool SampleLocked()
    {
        var now = Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        var seconds = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
        var threads = ThreadPool.ThreadCount;
        var pid = _timeline.ProcessId;
        var samples = new List<CounterSample>(2) { new() { Name = CounterSample.PoolThreads, Ticks = now, Value = threads, ProcessId = pid } };
        if (seconds > 0.001)
        {
            var busy = Math.Clamp((cpu - _lastCpu).TotalSeconds / seconds, 0, Environment.ProcessorCount);
            samples.Add(new() { Name = CounterSample.BusyCores, Ticks = _lastTicks, Value = Math.Round(busy, 3), ProcessId = pid });
            _lastTicks = now;
            _lastCpu = cpu;
        }

        if (!_timeline.TryAddCounterSamples(samples))
        {
            StopLocked();
            return false;
        }

        return true;
    }

    private bool OnTick()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            if (_cell is { IsComplete: true } || !SampleLocked())
            {
                _stopped = true;
                return false;
            }

            return true;
        }
    }

    private void StopLocked()
    {
        _stopped = true;
    }
}
