using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Processes;

/// <summary>The workers' lifecycle: launching, holding and releasing, starting up, initializing, replacing and retiring
/// processes, each step a move of its slot's <see cref="WorkerState"/>.</summary>
internal sealed partial class PoolDispatcher
{
    /// <summary>Moves the slot to Launching (or LaunchingHeld) and creates its process once the state is released; the
    /// outcome is an event (<see cref="OnLaunched"/>), after which <paramref name="afterLaunch"/> runs, also when it failed.</summary>
    private void LaunchWorker(WorkerSlot slot, string[] arguments, Action? afterLaunch = null, bool held = false)
    {
        slot.MoveTo(held ? WorkerState.LaunchingHeld : WorkerState.Launching);
        NoteStartingUp();
        _afterRelease.Add(() =>
        {
            WorkerConnection? started = null;
            Exception? failure = null;
            try
            {
                started = WorkerConnection.Start(slot.Index, held, arguments);
                _options.AfterWorkerStartForTests?.Invoke(started);
            }
            catch (Exception e)
            {
                failure = e;
            }

            Post(() =>
            {
                OnLaunched(slot, started, failure);
                afterLaunch?.Invoke();
            });
        });
    }

    /// <summary>Records a launch's outcome in the slot, and only then lets the process report to the pool.</summary>
    /// <remarks>The process's reader may already have read its Ready frame or seen it exit: those wait in the connection
    /// until <see cref="WorkerConnection.Listen"/>, so they always find the slot holding the process in a state that
    /// expects them.</remarks>
    private void OnLaunched(WorkerSlot slot, WorkerConnection? worker, Exception? failure)
    {
        if (worker is null)
        {
            slot.MoveTo(WorkerState.Empty);
            Break(() => new PoolBrokenException(
                $"The pool could not start worker {slot.Index}: {failure!.Message}. Dispose it and create a new pool.", failure));
            CompleteShutdownIfDone();
            return;
        }

        _alive.Add(worker);
        try
        {
            slot.Attach(worker, IsOpen ? WorkerStop.None : _broken is not null ? WorkerStop.Broken : WorkerStop.Disposed);
        }
        finally
        {
            worker.Listen(this);
        }

        PublishProcessIds();
        switch (slot.State)
        {
            case WorkerState.Stopping:
                worker.Kill();
                break;
            case WorkerState.Held:
                ReleaseHeldWorkers();
                break;
            default:
                SendInitializer(slot, worker);
                break;
        }
    }

    /// <summary>Lets held workers start while fewer than the most start-ups at once are under way.</summary>
    private void ReleaseHeldWorkers()
    {
        foreach (var slot in _slots)
        {
            if (StartingUp() >= _mostStartingUp)
            {
                return;
            }

            if (slot.State == WorkerState.Held)
            {
                slot.MoveTo(WorkerState.StartingUp);
                NoteStartingUp();
                slot.Connection!.Release();
                SendInitializer(slot, slot.Connection);
            }
        }
    }

    /// <summary>Queues the initializer, if any, in a worker whose runtime is starting: it runs as soon as the runtime is up.</summary>
    private void SendInitializer(WorkerSlot slot, WorkerConnection worker)
    {
        if (_initializer is null)
        {
            return;
        }

        var chunk = PoolChunk.ForInitializer(_initializer);
        slot.LoadedFunctions.Add(_initializer.Id);
        slot.AddInFlight(chunk, _initializer.LoadFrame.Length + chunk.RunFrame.Length);
        worker.Send([_initializer.LoadFrame, chunk.RunFrame]);
    }

    /// <summary>A worker's runtime is up: it initializes, or serves at once without an initializer.</summary>
    private void OnReady(WorkerConnection worker)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection != worker || slot.State != WorkerState.StartingUp)
        {
            return;   // Stopping: the pool no longer cares.
        }

        slot.MoveTo(_initializer is null ? WorkerState.Serving : WorkerState.Initializing);
        ReleaseHeldWorkers();
        NoteServing();
        Pump(slot);
    }

    private void OnInitializerDone(WorkerSlot slot, WorkerConnection worker, PoolChunk chunk, ResultMessage result)
    {
        if (result.ErrorIndex >= 0)
        {
            Break(() => InitializerBroke(chunk, worker, $"threw {result.ErrorType}", $": {result.ErrorMessage}",
                new RemoteTaskException(chunk.Sink.Label(0), null, result.ErrorType, result.ErrorMessage, result.ErrorDetails, worker.Index,
                    worker.ProcessId)));
            return;
        }

        slot.MoveTo(WorkerState.Serving);
        NoteServing();
        Pump(slot);
    }

    /// <summary>Retires a worker after its maximum number of tasks: its stdin closes (it exits once idle), the chunks queued
    /// behind go back to the pool, and a fresh process takes its slot.</summary>
    private void RetireWorker(WorkerSlot slot, WorkerConnection worker)
    {
        worker.CloseInput();
        Requeue(slot.TakeAllInFlight());
        LaunchWorker(slot, []);
    }

    /// <summary>A process exited: its slot empties and, while the pool is open, a replacement launches; the chunk it was
    /// running fails (after the replacement is in place, so whoever sees the error sees a full pool again).</summary>
    private void OnExited(WorkerConnection worker)
    {
        _alive.Remove(worker);
        var slot = _slots[worker.Index];
        if (slot.Connection == worker)
        {
            var inFlight = slot.TakeAllInFlight();
            var stop = slot.Stop;
            var item = slot.CurrentItem;
            slot.MoveTo(WorkerState.Empty);
            PublishProcessIds();

            // Chunks that waited in the dead worker's pipe never started: back to the front of the queue.
            Requeue(inFlight.Skip(1));
            var running = inFlight.FirstOrDefault();
            if (running?.Sink is InitializerSink && stop is WorkerStop.None or WorkerStop.Timeout or WorkerStop.ProtocolError)
            {
                var how = stop == WorkerStop.Timeout
                    ? $"ran longer than the task timeout of {_options.TaskTimeout!.Value.TotalSeconds:0.###} s"
                    : $"died ({worker.DescribeExit()})";
                Break(() => InitializerBroke(running, worker, how, string.Empty, null));
            }
            else if (IsOpen)
            {
                var failed = running;
                LaunchWorker(slot, [], failed is null ? null : () => failed.Sink.Fail(failed, ChunkFailure(failed, item, stop, worker)));
                running = null;
            }
            else
            {
                FailQueued();
            }

            if (running is not null && running.Sink is not InitializerSink)
            {
                running.Sink.Fail(running, ChunkFailure(running, item, stop, worker));
            }

            ReleaseHeldWorkers();
        }

        CompleteShutdownIfDone();
    }

    /// <summary>Completes <see cref="AllServing"/> when every worker is Serving.</summary>
    private void NoteServing()
    {
        if (_slots.All(slot => slot.State == WorkerState.Serving))
        {
            _allServing.TrySetResult();
        }
    }

    /// <summary>Counts the workers whose runtime is using a core to start (see <see cref="WorkerSlot.IsStartingUp"/>).</summary>
    private int StartingUp() => _slots.Count(slot => slot.IsStartingUp);

    private void NoteStartingUp() => _mostStartingUpSeen = Math.Max(_mostStartingUpSeen, StartingUp());

    private void PublishProcessIds() =>
        _processIds = _slots.Where(s => s.Connection is not null).Select(s => s.Connection!.ProcessId).ToArray();
}
