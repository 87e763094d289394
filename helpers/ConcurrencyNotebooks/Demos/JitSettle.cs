using System.Runtime;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Waits for the JIT's background work to finish before something is timed.</summary>
/// <remarks>
/// <para>After a cell runs, the runtime recompiles the methods that got hot (tiered compilation) on a background
/// thread. In a notebook kernel that backlog is Roslyn's and the kernel's own code, and it can keep one core busy for
/// seconds, so parallel code timed meanwhile shows less speed-up than the machine gives.
/// <see cref="JitInfo.GetCompilationTime(bool)"/> counts that work, so a stretch in which it does not grow means the
/// backlog is done.</para>
/// <para>The quiet stretch must outlast the runtime's own tiering delay (100 ms after the last new method), which
/// holds the background work back while code keeps starting new methods.</para>
/// </remarks>
internal static class JitSettle
{
    /// <summary>How long the JIT must stay idle: three tiering delays.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest wait, well past a heavy cell's backlog on two cores; then timing goes ahead anyway.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Blocks until the JIT has compiled nothing for <paramref name="quiet"/>, or <paramref name="longest"/> has passed.</summary>
    /// <returns>How long it waited.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static TimeSpan Wait(TimeSpan quiet, TimeSpan longest, CancellationToken cancellationToken) =>
        Wait(new Settling(quiet, longest, TimeProvider.System, CompiledSoFar), token => token.WaitHandle.WaitOne(Poll), cancellationToken);

    /// <summary>Blocks, pausing with <paramref name="pause"/> between looks, until <paramref name="waiting"/> is settled.</summary>
    /// <returns>How long it waited, by the clock of <paramref name="waiting"/>.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    internal static TimeSpan Wait(Settling waiting, Action<CancellationToken> pause, CancellationToken cancellationToken)
    {
        while (!waiting.IsSettled())
        {
            pause(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return waiting.Elapsed;
    }

    /// <summary>Waits, without holding a thread, until the JIT has compiled nothing for <paramref name="quiet"/>, or <paramref name="longest"/> has passed.</summary>
    /// <returns>How long it waited.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static Task<TimeSpan> WaitAsync(TimeSpan quiet, TimeSpan longest, CancellationToken cancellationToken) =>
        WaitAsync(new Settling(quiet, longest, TimeProvider.System, CompiledSoFar), token => Task.Delay(Poll, token), cancellationToken);

    /// <summary>Waits, pausing with <paramref name="pause"/> between looks, until <paramref name="waiting"/> is settled.</summary>
    /// <returns>How long it waited, by the clock of <paramref name="waiting"/>.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    internal static async Task<TimeSpan> WaitAsync(Settling waiting, Func<CancellationToken, Task> pause, CancellationToken cancellationToken)
    {
        while (!waiting.IsSettled())
        {
            await pause(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return waiting.Elapsed;
    }

    /// <summary>Gets the time this process's JIT has spent compiling so far: what a wait watches.</summary>
    internal static TimeSpan CompiledSoFar() => JitInfo.GetCompilationTime();

    /// <summary>Tracks one wait: when the JIT last did something, and when the wait began.</summary>
    /// <param name="quiet">How long the JIT must stay idle.</param>
    /// <param name="longest">The longest wait.</param>
    /// <param name="clock">The clock both are measured on.</param>
    /// <param name="compiledSoFar">The JIT's total compile time, which grows while it works.</param>
    internal sealed class Settling(TimeSpan quiet, TimeSpan longest, TimeProvider clock, Func<TimeSpan> compiledSoFar)
    {
        private readonly long _started = clock.GetTimestamp();
        private long _lastChange = clock.GetTimestamp();
        private TimeSpan _lastTotal = compiledSoFar();

        /// <summary>Gets how long the wait has lasted.</summary>
        public TimeSpan Elapsed => clock.GetElapsedTime(_started);

        /// <summary>Looks at the JIT once: whether it has been idle for the quiet stretch, or the wait has lasted long enough.</summary>
        public bool IsSettled()
        {
            var total = compiledSoFar();
            if (total != _lastTotal)
            {
                _lastTotal = total;
                _lastChange = clock.GetTimestamp();
            }

            return clock.GetElapsedTime(_lastChange) >= quiet || Elapsed >= longest;
        }
    }
}
