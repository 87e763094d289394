namespace ConcurrencyNotebooks.Processes;

/// <summary>Shutdown: Python's terminate (queued work fails, every worker is killed), then <see cref="Stopped"/> once the
/// last process has exited and no launch is still out.</summary>
internal sealed partial class PoolDispatcher
{
    private void OnShutdown()
    {
        if (_shuttingDown)
        {
            return;
        }

        _shuttingDown = true;
        FailAllServing(new ObjectDisposedException(nameof(ProcessPool), "The pool was disposed before every worker was up."));
        _clock?.Stop();
        FailQueued();

        // Busy or idle, a worker is killed. An idle one has nothing left to lose (its results and captured output went back
        // with each chunk), and a kill costs it none of the runtime's shut-down work. A launch still out is killed when it
        // reports (OnLaunched attaches it Stopping).
        StopEveryWorker(WorkerStop.Disposed);
        CompleteShutdownIfDone();
    }

    /// <summary>Kills every process still alive, retired ones too.</summary>
    private void OnKillAll()
    {
        foreach (var worker in _alive)
        {
            worker.Kill();
        }
    }

    private void CompleteShutdownIfDone()
    {
        if (_shuttingDown && _alive.Count == 0 && !_slots.Any(slot => slot.IsLaunching))
        {
            _stopped.TrySetResult();
        }
    }
}
