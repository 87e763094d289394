using System.Collections.Concurrent;
using System.Diagnostics;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Owns a pool's state (queued chunks, worker slots, the pool's fate) and changes it only in response to events:
/// work submitted, an item started, a result, a worker started or exited, a cancellation, a clock tick, shutdown.</summary>
/// <remarks>
/// <para>The shape of CPython's and loky's executor manager, without a thread of its own: <see cref="Post"/> queues an
/// event and the posting thread handles the queue unless another thread already is, so exactly one thread at a time
/// touches the state. Handlers never block: frames go to each worker's outbox thread, kills are signals, results
/// complete tasks whose continuations run elsewhere; starting a process runs after the state is released.</para>
/// <para>A handler that throws breaks the pool with that error (every pending call fails with it); nothing reaches the
/// thread that posted.</para>
/// </remarks>
internal sealed class PoolDispatcher : IWorkerListener
{
    /// <summary>The most chunks one worker holds at once (one running, the rest waiting in its pipe) while its chunks are tiny.</summary>
    /// <remarks>At chunk size 1 a lone request/reply costs two process wake-ups; with the next chunks already in the pipe
    /// the worker goes on without waiting for the pool, which is what Python's shared task queue gives its workers.</remarks>
    internal const int PipelineDepth = 8;

    /// <summary>The most bytes of frames queued to one worker behind its running chunk: the rest stays in the pool's queue
    /// for whichever worker frees up first.</summary>
    private const int PipelinedBytesLimit = 32 * 1024;

    /// <summary>Chunks that took a worker less than this (1 ms) count as tiny: worth queuing up, too short to unbalance the workers.</summary>
    private static readonly long TinyChunkTicks = Stopwatch.Frequency / 1000;

    private readonly ProcessPoolOptions _options;
    private readonly ShippedFunction? _initializer;
    private readonly WorkerSlot[] _slots;
    private readonly Queue<PoolChunk> _queue = new();
    private readonly ConcurrentQueue<Action> _events = new();
    private readonly List<Action> _afterRelease = [];
    private readonly HashSet<WorkerConnection> _alive = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allServing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _timeoutTicks;
    private readonly string[] _firstWorkerArguments;
    private readonly int _mostStartingUp;
    private int _draining;
    private int _starting;
    private bool _shuttingDown;
    private Func<Exception>? _broken;
    private PoolClock? _clock;
    private volatile int[] _processIds = [];
    private volatile int _mostInFlight;
    private volatile int _mostStartingUpSeen;

    /// <summary>Creates the dispatcher; <see cref="Start"/> starts the workers.</summary>
    public PoolDispatcher(int workers, ProcessPoolOptions options, ShippedFunction? initializer)
    {
        _options = options;
        _initializer = initializer;
        _slots = Enumerable.Range(0, workers).Select(i => new WorkerSlot(i)).ToArray();
        _timeoutTicks = options.TaskTimeout is { } timeout ? (long)(timeout.TotalSeconds * Stopwatch.Frequency) : 0;
        _firstWorkerArguments = options.FirstWorkerArguments;
        _mostStartingUp = Math.Max(1, options.StartupConcurrency);
    }

    /// <summary>Gets the process ids of the current workers (a snapshot).</summary>
    public IReadOnlyList<int> ProcessIds => _processIds;

    /// <summary>Gets the most worker runtimes that were starting up at once so far; for tests.</summary>
    public int MostStartingUpSeen => _mostStartingUpSeen;

    /// <summary>Gets the most chunks one worker has held at once so far; for tests.</summary>
    public int MostChunksInFlight => _mostInFlight;

    /// <summary>Gets a task that completes once every worker has been up and ready for chunks at the same time, or fails with
    /// the pool's failure when it breaks or shuts down first.</summary>
    public Task AllServing => _allServing.Task;

    /// <summary>Gets a task that completes once the pool is shut down and every worker process has exited.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Starts every worker process (on the calling thread) and, with a task timeout, the pool's clock.</summary>
    /// <remarks>Every process exists at once, but no more runtimes start up at a time than there are cores: the rest are held
    /// and released one by one as workers come up. A start-up keeps a core busy, so on 2 cores four start-ups at once would
    /// make the first worker ready only when all four are.</remarks>
    public void Start()
    {
        if (_timeoutTicks > 0)
        {
            var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.TaskTimeout!.Value.TotalMilliseconds / 4, 5, 200));
            _clock = new PoolClock(this, period);
        }

        Post(() =>
        {
            foreach (var slot in _slots)
            {
                slot.Held = slot.Index >= _mostStartingUp && WorkerLauncher.CanHold;   // counted as waiting from the start
            }

            foreach (var slot in _slots)
            {
                StartWorker(slot, slot.Index == 0 ? _firstWorkerArguments : [], held: slot.Held);
            }
        });
    }

    /// <summary>Queues chunks for the workers.</summary>
    public void Submit(IReadOnlyList<PoolChunk> chunks) => Post(() => OnSubmit(chunks));

    /// <summary>Kills the workers running chunks of <paramref name="sink"/> (its queued chunks are skipped once it is finished).</summary>
    public void Cancel(ChunkSink sink) => Post(() => OnCancel(sink));

    /// <summary>Checks the running items' deadlines (the pool's clock posts this).</summary>
    public void Tick() => Post(OnTick);

    /// <summary>Stops the pool: queued chunks fail and every worker is killed (Python's terminate).</summary>
    /// <returns><see cref="Stopped"/>.</returns>
    public Task Shutdown()
    {
        Post(OnShutdown);
        return Stopped;
    }

    /// <summary>Kills every worker still alive (the end of a shutdown that waited long enough).</summary>
    public void KillAll() => Post(() =>
    {
        foreach (var worker in _alive)
        {
            worker.Kill();
        }
    });

    /// <inheritdoc/>
    void IWorkerListener.OnReady(WorkerConnection worker) => Post(() => OnReady(worker));

    /// <inheritdoc/>
    void IWorkerListener.OnItemStarted(WorkerConnection worker, ItemStartedMessage message) => Post(() => OnItemStarted(worker, message));

    /// <inheritdoc/>
    void IWorkerListener.OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered) =>
        Post(() => OnResult(worker, result, moreBuffered));

    /// <inheritdoc/>
    void IWorkerListener.OnExited(WorkerConnection worker) => Post(() => OnExited(worker));

    /// <summary>Queues an event and handles the queue unless another thread is handling it.</summary>
    private void Post(Action handle)
    {
        _events.Enqueue(handle);
        while (!_events.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            Action[] afterRelease;
            try
            {
                while (_events.TryDequeue(out var next))
                {
                    Handle(next);
                }

                afterRelease = [.. _afterRelease];
                _afterRelease.Clear();
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }

            foreach (var action in afterRelease)
            {
                action();
            }
        }
    }

    private void Handle(Action handle)
    {
        try
        {
            handle();
        }
        catch (Exception e)
        {
            Break(() => new PoolBrokenException(
                $"The process pool failed inside ({e.GetType().Name}: {e.Message}); every pending call fails. Dispose it and create a new pool.", e));
        }
    }

    private void OnSubmit(IReadOnlyList<PoolChunk> chunks)
    {
        if (_shuttingDown || _broken is not null)
        {
            foreach (var chunk in chunks)
            {
                chunk.Sink.Fail(chunk, CurrentFailure());
            }

            return;
        }

        foreach (var chunk in chunks)
        {
            _queue.Enqueue(chunk);
        }

        foreach (var slot in _slots)
        {
            Pump(slot);
        }
    }

    /// <summary>Sends a worker the next live chunks: one when it is idle, more while its chunks are tiny.</summary>
    /// <remarks>Only a worker that is up takes chunks: on a cold pool the first workers up run the first items rather than
    /// leave them waiting in the pipe of a worker still starting.</remarks>
    private void Pump(WorkerSlot slot)
    {
        if (slot.Connection is not { } worker || !slot.Ready || !slot.Up || slot.Stop != WorkerStop.None)
        {
            return;
        }

        List<byte[]>? frames = null;
        while (_queue.TryPeek(out var chunk) && HasRoom(slot, chunk))
        {
            if (chunk.Sink.IsFinished)
            {
                _queue.Dequeue();
                continue;
            }

            var load = !slot.LoadedFunctions.Contains(chunk.Function.Id);
            var bytes = chunk.RunFrame.Length + (load ? chunk.Function.LoadFrame.Length : 0);
            if (slot.InFlightCount > 0 && slot.InFlightBytes + bytes > PipelinedBytesLimit)
            {
                break;
            }

            _queue.Dequeue();
            frames ??= new List<byte[]>(2);
            if (load)
            {
                slot.LoadedFunctions.Add(chunk.Function.Id);
                frames.Add(chunk.Function.LoadFrame);
            }

            frames.Add(chunk.RunFrame);
            slot.AddInFlight(chunk, bytes);
            _mostInFlight = Math.Max(_mostInFlight, slot.InFlightCount);
        }

        if (frames is not null)
        {
            worker.Send(frames, slot.InFlightBytes);
        }
    }

    /// <summary>Tells whether a worker may take <paramref name="chunk"/> now: when idle, or behind others while its last
    /// chunk of the same function was tiny (an initializer's or another function's speed says nothing about this one).</summary>
    private bool HasRoom(WorkerSlot slot, PoolChunk chunk)
    {
        var inFlight = slot.InFlightCount;
        if (inFlight == 0)
        {
            return true;
        }

        if (slot.LastChunkTicks == 0 || slot.LastChunkTicks > TinyChunkTicks || slot.LastChunkFunctionId != chunk.Function.Id)
        {
            return false;
        }

        var tasksLeft = _options.MaxTasksPerWorker > 0 ? _options.MaxTasksPerWorker - slot.ChunksDone : int.MaxValue;
        return inFlight < Math.Min(PipelineDepth, tasksLeft);
    }

    /// <summary>Returns when an item that starts now times out, or 0 without a task timeout.</summary>
    /// <remarks>The clock starts when the worker reports the item started, not when it was sent: a worker still starting
    /// up (seconds on a loaded machine) has not used any of the item's time.</remarks>
    private long Deadline() => _timeoutTicks > 0 ? Stopwatch.GetTimestamp() + _timeoutTicks : 0;

    /// <summary>Marks a worker up once it is attached to its slot and has sent its Ready frame, whichever comes first.</summary>
    private void OnReady(WorkerConnection worker)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection == worker && worker.IsReady && !slot.Up && !slot.Held)
        {
            slot.Up = true;
            ReleaseHeldWorkers();
            NoteServing();
            Pump(slot);
        }
    }

    /// <summary>Completes <see cref="AllServing"/> when every worker is up and ready for chunks.</summary>
    private void NoteServing()
    {
        if (_slots.All(slot => slot is { Connection: not null, Up: true, Ready: true }))
        {
            _allServing.TrySetResult();
        }
    }

    /// <summary>Fails <see cref="AllServing"/> unless it completed, and marks the error observed: most pools never wait on it.</summary>
    private void FailAllServing(Exception error)
    {
        if (_allServing.TrySetException(error))
        {
            _ = _allServing.Task.Exception;
        }
    }

    /// <summary>Counts the workers whose runtime is starting: neither held nor up (a slot whose process is being created counts).</summary>
    private int StartingUp() => _slots.Count(slot => !slot.Held && !slot.Up);

    private void NoteStartingUp() => _mostStartingUpSeen = Math.Max(_mostStartingUpSeen, StartingUp());

    /// <summary>Lets held workers start while fewer than the most start-ups at once are under way.</summary>
    private void ReleaseHeldWorkers()
    {
        foreach (var slot in _slots)
        {
            if (StartingUp() >= _mostStartingUp || _shuttingDown || _broken is not null)
            {
                return;
            }

            if (slot is { Held: true, Connection: { } worker, Stop: WorkerStop.None })
            {
                slot.Held = false;
                NoteStartingUp();
                worker.Release();
                BeginServing(slot, worker);
            }
        }
    }

    private void OnItemStarted(WorkerConnection worker, ItemStartedMessage message)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection == worker && slot.Current is { } chunk && chunk.TaskId == message.TaskId)
        {
            slot.CurrentItem = message.Index;
            slot.DeadlineTicks = Deadline();
        }
    }

    private void OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection != worker || slot.Stop != WorkerStop.None)
        {
            return;
        }

        if (slot.Current is not { } chunk || chunk.TaskId != result.TaskId)
        {
            slot.Stop = WorkerStop.ProtocolError;
            worker.Kill();
            return;
        }

        slot.CompleteCurrent();
        slot.DeadlineTicks = 0;
        if (result.StartTicks.Length > 0)
        {
            slot.LastChunkTicks = Math.Max(1, result.EndTicks[^1] - result.StartTicks[0]);
            slot.LastChunkFunctionId = chunk.Function.Id;
        }

        if (_options.EchoWorkerOutput && result.Output.Length > 0)
        {
            Console.Out.Write(result.Output);
        }

        if (chunk.Sink is InitializerSink)
        {
            OnInitializerDone(slot, worker, chunk, result);
            return;
        }

        slot.ChunksDone++;
        if (_options.MaxTasksPerWorker > 0 && slot.ChunksDone >= _options.MaxTasksPerWorker)
        {
            slot.Stop = WorkerStop.Recycle;
            worker.CloseInput();
            Requeue(slot.TakeAllInFlight());
            StartWorker(slot, []);
        }
        else if (!moreBuffered)
        {
            Pump(slot);
        }

        if (_options.Timeline is { } timeline)
        {
            PoolSpans.Record(timeline, chunk, result, worker);
        }

        chunk.Sink.Complete(chunk, result, worker);
    }

    private void OnInitializerDone(WorkerSlot slot, WorkerConnection worker, PoolChunk chunk, ResultMessage result)
    {
        if (result.ErrorIndex < 0)
        {
            slot.Ready = true;
            NoteServing();
            Pump(slot);
            return;
        }

        var label = chunk.Sink.Label(0);
        Break(() => new PoolBrokenException(
            $"{label} threw {result.ErrorType} in worker {worker.Index} (pid {worker.ProcessId}): {result.ErrorMessage}. " +
            "The pool is broken, as Python's is when an initializer fails: fix the initializer, dispose this pool and create a new one.",
            new RemoteTaskException(label, null, result.ErrorType, result.ErrorMessage, result.ErrorDetails, worker.Index, worker.ProcessId)));
    }

    private void OnExited(WorkerConnection worker)
    {
        _alive.Remove(worker);
        var slot = _slots[worker.Index];
        if (slot.Connection == worker)
        {
            var inFlight = slot.TakeAllInFlight();
            var stop = slot.Stop;
            var item = slot.CurrentItem;
            slot.Attach(null);
            PublishProcessIds();

            // Chunks that waited in the dead worker's pipe never started: back to the front of the queue.
            Requeue(inFlight.Skip(1));
            var running = inFlight.FirstOrDefault();
            if (running?.Sink is InitializerSink && stop is WorkerStop.None or WorkerStop.Timeout or WorkerStop.ProtocolError)
            {
                var how = stop == WorkerStop.Timeout
                    ? $"ran longer than the task timeout of {_options.TaskTimeout!.Value.TotalSeconds:0.###} s"
                    : $"died ({worker.DescribeExit()})";
                Break(() => new PoolBrokenException(
                    $"{running.Sink.Label(0)} {how} in worker {worker.Index} (pid {worker.ProcessId}). " +
                    "The pool is broken, as Python's is when an initializer fails: dispose it and create a new one." + StderrSuffix(worker), null));
            }
            else if (!_shuttingDown && _broken is null)
            {
                // The running chunk's error waits for the replacement, so whoever sees it sees a full pool again.
                var failed = running;
                StartWorker(slot, [], failed is null ? null : () => failed.Sink.Fail(failed, ChunkFailure(failed, item, stop, worker)));
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

    private Exception ChunkFailure(PoolChunk chunk, int item, WorkerStop stop, WorkerConnection worker)
    {
        var sink = chunk.Sink;
        var index = chunk.Offset + Math.Clamp(item, 0, chunk.Count - 1);
        var who = $"worker {worker.Index} (pid {worker.ProcessId})";
        return stop switch
        {
            WorkerStop.Timeout => new TimeoutException(
                $"{sink.Label(index)} ran longer than the task timeout of {_options.TaskTimeout!.Value.TotalSeconds:0.###} s " +
                $"(ProcessPoolOptions.TaskTimeout, per item); {who} was killed and replaced."),
            WorkerStop.Cancelled => new OperationCanceledException($"{sink.Describe(chunk)} was cancelled; {who} was killed and replaced."),
            WorkerStop.Disposed => new ObjectDisposedException(nameof(ProcessPool), $"The pool was disposed while {sink.Describe(chunk)} ran."),
            WorkerStop.Broken => CurrentFailure(),
            _ when stop == WorkerStop.ProtocolError || worker.ProtocolError is not null => new WorkerCrashedException(worker.Index, worker.ProcessId,
                worker.ExitCode, $"it broke the pool's protocol ({worker.ProtocolError ?? "it answered a chunk it was not running"}), so the pool killed it",
                sink.Describe(chunk), sink.Item(index), worker.StderrTail),
            _ => new WorkerCrashedException(worker.Index, worker.ProcessId, worker.ExitCode, worker.DescribeExit(), sink.Describe(chunk),
                sink.Item(index), worker.StderrTail),
        };
    }

    private static string StderrSuffix(WorkerConnection worker) =>
        worker.StderrTail is { Length: > 0 } tail ? $"{Environment.NewLine}Its last stderr lines:{Environment.NewLine}{tail}" : string.Empty;

    private void OnCancel(ChunkSink sink)
    {
        foreach (var slot in _slots)
        {
            if (slot is { Connection: { } worker, Stop: WorkerStop.None } && ReferenceEquals(slot.Current?.Sink, sink))
            {
                slot.Stop = WorkerStop.Cancelled;
                worker.Kill();
            }
        }
    }

    private void OnTick()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var slot in _slots)
        {
            if (slot is { Connection: { } worker, Stop: WorkerStop.None, Current: not null, DeadlineTicks: > 0 } && now > slot.DeadlineTicks)
            {
                slot.Stop = WorkerStop.Timeout;
                worker.Kill();
            }
        }
    }

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
        foreach (var slot in _slots)
        {
            if (slot.Connection is not { } worker)
            {
                continue;
            }

            if (slot.Stop == WorkerStop.None)
            {
                slot.Stop = WorkerStop.Disposed;
            }

            // Python's terminate: busy or idle, a worker is killed. An idle one has nothing left to lose (its results and
            // captured output went back with each chunk), and a kill costs it none of the runtime's shut-down work.
            worker.Kill();
        }

        CompleteShutdownIfDone();
    }

    /// <summary>Moves the pool to broken: queued and running work fails with the error, workers are killed, none replaced.</summary>
    private void Break(Func<Exception> error)
    {
        if (_broken is not null)
        {
            return;
        }

        _broken = error;
        FailAllServing(error());
        _clock?.Stop();
        FailQueued();
        foreach (var slot in _slots)
        {
            if (slot.Connection is { } worker)
            {
                slot.Stop = slot.Stop == WorkerStop.None ? WorkerStop.Broken : slot.Stop;
                worker.Kill();
            }
        }
    }

    private Exception CurrentFailure() =>
        _broken?.Invoke() ?? new ObjectDisposedException(nameof(ProcessPool), "The pool was disposed before this item ran.");

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var chunk))
        {
            if (!chunk.Sink.IsFinished)
            {
                chunk.Sink.Fail(chunk, CurrentFailure());
            }
        }
    }

    /// <summary>Starts a process for the slot once the state is released, then attaches it (an event) and runs
    /// <paramref name="afterAttach"/>, also when the start failed.</summary>
    private void StartWorker(WorkerSlot slot, string[] arguments, Action? afterAttach = null, bool held = false)
    {
        slot.Attach(null, held);
        _starting++;
        NoteStartingUp();

        _afterRelease.Add(() =>
        {
            WorkerConnection? started = null;
            Exception? failure = null;
            try
            {
                started = WorkerConnection.Start(slot.Index, this, held, arguments);
                _options.AfterWorkerStartForTests?.Invoke(started);
            }
            catch (Exception e)
            {
                failure = e;
            }

            Post(() =>
            {
                OnWorkerStarted(slot, started, failure);
                afterAttach?.Invoke();
            });
        });
    }

    private void OnWorkerStarted(WorkerSlot slot, WorkerConnection? worker, Exception? failure)
    {
        _starting--;
        var held = slot.Held;
        if (worker is null)
        {
            Break(() => new PoolBrokenException(
                $"The pool could not start worker {slot.Index}: {failure!.Message}. Dispose it and create a new pool.", failure));
            CompleteShutdownIfDone();
            return;
        }

        // The reader may have reported the worker's Ready frame or its exit before this start was posted: those reports
        // were ignored then (no slot held the worker), so they are acted on here.
        _alive.Add(worker);
        if (_shuttingDown || _broken is not null)
        {
            worker.Kill();
            if (worker.HasExited)
            {
                OnExited(worker);
            }

            return;
        }

        slot.Attach(worker, held);
        PublishProcessIds();
        if (worker.HasExited)
        {
            OnExited(worker);
            return;
        }

        if (held)
        {
            ReleaseHeldWorkers();
            return;
        }

        BeginServing(slot, worker);
        OnReady(worker);
    }

    /// <summary>Sends a started (or just released) worker its initializer, or marks it ready for chunks.</summary>
    private void BeginServing(WorkerSlot slot, WorkerConnection worker)
    {
        if (_initializer is null)
        {
            slot.Ready = true;
            NoteServing();
            Pump(slot);
            return;
        }

        var chunk = PoolChunk.ForInitializer(_initializer);
        slot.LoadedFunctions.Add(_initializer.Id);
        slot.AddInFlight(chunk, _initializer.LoadFrame.Length + chunk.RunFrame.Length);
        worker.Send([_initializer.LoadFrame, chunk.RunFrame]);
    }

    /// <summary>Puts chunks that never started back at the front of the queue, in their order.</summary>
    private void Requeue(IEnumerable<PoolChunk> chunks)
    {
        var again = chunks.Where(c => c.Sink is not InitializerSink).ToList();
        if (again.Count == 0)
        {
            return;
        }

        var rest = _queue.ToArray();
        _queue.Clear();
        foreach (var chunk in again.Concat(rest))
        {
            _queue.Enqueue(chunk);
        }
    }

    private void PublishProcessIds() =>
        _processIds = _slots.Where(s => s.Connection is not null).Select(s => s.Connection!.ProcessId).ToArray();

    private void CompleteShutdownIfDone()
    {
        if (_shuttingDown && _starting == 0 && _alive.Count == 0)
        {
            _stopped.TrySetResult();
        }
    }
}
