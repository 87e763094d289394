using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>A <see cref="SlowHttpServer"/> that holds every request until a given number are in flight at once.</summary>
/// <remarks>Reaching the number is structural proof of concurrency: requests sent one at a time never get there, whatever
/// the machine's speed. Once reached, requests are held <see cref="Linger"/> longer, so requests sent beyond a limit at the
/// same moment arrive while held and show in the peak. <see cref="Release"/> lets everything through.</remarks>
internal sealed class HttpInFlightGate : IDisposable
{
    /// <summary>How long requests stay held after the target is reached, for any extra ones to arrive.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private readonly int _target;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlowHttpServer? _server;

    public HttpInFlightGate(int target)
    {
        _target = target;
        _server = SlowHttpServer.Start(TimeSpan.Zero, Arrived, answerSent: null);
        _reached.Task.ContinueWith(_ => Task.Delay(Linger).ContinueWith(_ => _open.TrySetResult(), TaskScheduler.Default),
            TaskScheduler.Default);
    }

    /// <summary>Gets the server.</summary>
    public SlowHttpServer Server => _server!;

    /// <summary>Gets a task that completes when the target was in flight at once.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets every held request and every later one through.</summary>
    public void Release() => _open.TrySetResult();

    public void Dispose()
    {
        Release();
        _server?.Dispose();
    }

    private Task Arrived(CancellationToken stopping)
    {
        if (_server is { } server && server.RequestsInFlight >= _target)
        {
            _reached.TrySetResult();
        }

        return _open.Task.WaitAsync(stopping);
    }
}
