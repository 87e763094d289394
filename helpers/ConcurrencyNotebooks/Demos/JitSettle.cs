using System.Diagnostics;
using System.Runtime;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Waits for the JIT's background work to finish before something is timed.</summary>
/// <remarks>
/// <para>After a cell runs, the runtime recompiles the methods that got hot (tiered compilation) on a background
/// thread. In a notebook kernel that backlog is Roslyn's and the kernel's own code, and it can keep one core busy for
/// seconds: on a 2-core machine, timing parallel code then measures 1.3× where the machine gives 1.9×.
/// <see cref="JitInfo.GetCompilationTime(bool)"/> counts that work, so a stretch in which it does not grow means the
/// backlog is done.</para>
/// <para>The quiet stretch must outlast the runtime's own tiering delay (100 ms after the last new method), which
/// holds the background work back while code keeps starting new methods.</para>
/// </remarks>
internal static class JitSettle
{
    /// <summary>How long the JIT must stay idle: three tiering delays.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest wait: a kernel's backlog after a heavy cell measured about 6 s on 2 cores.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Blocks until the JIT has compiled nothing for <paramref name="quiet"/>, or <paramref name="longest"/> has passed.</summary>
    /// <returns>How long it waited.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static TimeSpan Wait(TimeSpan quiet, TimeSpan longest, CancellationToken cancellationToken)
    {
        var waiting = new Settling(quiet, longest);
        while (!waiting.IsSettled())
        {
            cancellationToken.WaitHandle.WaitOne(Poll);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return waiting.Elapsed;
    }

    /// <summary>Waits, without holding a thread, until the JIT has compiled nothing for <paramref name="quiet"/>, or <paramref name="longest"/> has passed.</summary>
    /// <returns>How long it waited.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static async Task<TimeSpan> WaitAsync(TimeSpan quiet, TimeSpan longest, CancellationToken cancellationToken)
    {
        var waiting = new Settling(quiet, longest);
        while (!waiting.IsSettled())
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        return waiting.Elapsed;
    }

    /// <summary>Tracks one wait: when the JIT last did something, and when the wait began.</summary>
    private sealed class Settling(TimeSpan quiet, TimeSpan longest)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _lastChange = Stopwatch.GetTimestamp();
        private TimeSpan _lastTotal = JitInfo.GetCompilationTime();

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public bool IsSettled()
        {
            var total = JitInfo.GetCompilationTime();
            if (total != _lastTotal)
            {
                _lastTotal = total;
                _lastChange = Stopwatch.GetTimestamp();
            }

            return Stopwatch.GetElapsedTime(_lastChange) >= quiet || Elapsed >= longest;
        }
    }
}
