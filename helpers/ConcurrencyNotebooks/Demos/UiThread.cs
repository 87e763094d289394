using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConcurrencyNotebooks.Demos;

/// <summary>A UI thread in miniature: a <see cref="SynchronizationContext"/> whose posted work runs in order on one
/// thread, the way a desktop app's message loop does; each run gets a fresh thread and a time limit.</summary>
/// <remarks>Whatever the work does (<c>.Result</c> on a task whose continuation needs this thread blocks it forever),
/// <see cref="RunAsync{T}(string, Func{T}, TimeSpan?)"/> returns after the limit: the stuck thread is a background
/// thread, abandoned, so the cell and the kernel go on.</remarks>
public sealed class UiThread : SynchronizationContext
{
    private readonly BlockingCollection<Action> _work = new();

    private UiThread(string name) =>
        new Thread(Loop) { Name = name, IsBackground = true }.Start();

    /// <summary>Gets the default time limit of a run: 1 s plus 4 s scaled by the notebook's time scale.</summary>
    public static TimeSpan DefaultLimit => TimeSpan.FromSeconds(1) + Demo.Seconds(4);

    /// <summary>Runs <paramref name="work"/> on a fresh UI-style thread and waits at most <paramref name="limit"/> for it.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="name">The thread's name, e.g. <c>"ui"</c>.</param>
    /// <param name="work">The work, run on that thread with this context installed.</param>
    /// <param name="limit">How long to wait; <see cref="DefaultLimit"/> when null.</param>
    /// <returns>What happened: the value and how long it took, or that the thread was still blocked.</returns>
    public static Task<UiRun<T>> RunAsync<T>(string name, Func<T> work, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(name, () => Task.FromResult(work()), limit);
    }

    /// <summary>Starts async <paramref name="work"/> on a fresh UI-style thread and waits at most <paramref name="limit"/>
    /// for its task (its continuations come back to that thread).</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="name">The thread's name, e.g. <c>"ui"</c>.</param>
    /// <param name="work">The async work, started on that thread with this context installed.</param>
    /// <param name="limit">How long to wait; <see cref="DefaultLimit"/> when null.</param>
    /// <returns>What happened: the value and how long it took, or that the thread was still blocked.</returns>
    public static async Task<UiRun<T>> RunAsync<T>(string name, Func<Task<T>> work, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var wait = limit ?? DefaultLimit;
        var ui = new UiThread(name);
        var done = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        ui.Post(_ =>
        {
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        }, null);
        try
        {
            var value = await done.Task.Unwrap().WaitAsync(wait).ConfigureAwait(false);
            ui._work.CompleteAdding();
            return new UiRun<T>(name, true, value, Stopwatch.GetElapsedTime(started), wait);
        }
        catch (TimeoutException)
        {
            return new UiRun<T>(name, false, default, Stopwatch.GetElapsedTime(started), wait);
        }
    }

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        try { _work.Add(() => d(state)); }
        catch (InvalidOperationException)
        {
            // The run is over (CompleteAdding): run late work on the pool, as a closed window's would be dropped.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    private void Loop()
    {
        SetSynchronizationContext(this);
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}

/// <summary>What a <see cref="UiThread"/> run did: finished with a value, or was still blocked at the limit.</summary>
/// <typeparam name="T">What the work returns.</typeparam>
/// <param name="Thread">The UI thread's name.</param>
/// <param name="Finished">Whether the work finished within the limit.</param>
/// <param name="Value">What it returned (default when it did not finish).</param>
/// <param name="Elapsed">How long the caller waited.</param>
/// <param name="Limit">The limit the caller waited at most.</param>
public sealed record UiRun<T>(string Thread, bool Finished, T? Value, TimeSpan Elapsed, TimeSpan Limit)
{
    /// <summary>Says what happened, e.g. <c>'ui' returned "hello" after 104 ms</c>.</summary>
    /// <returns>The sentence.</returns>
    public override string ToString() => Finished
        ? $"'{Thread}' returned \"{Value}\" after {Elapsed.TotalMilliseconds:F0} ms"
        : $"'{Thread}' was still blocked after {Elapsed.TotalMilliseconds:F0} ms, so the cell stopped waiting " +
          $"(the thread stays stuck for good: a deadlock)";
}
