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
/// <para>This file holds the state and the event loop; the handlers live by concern in PoolDispatcher.Scheduling.cs
/// (chunks to workers), PoolDispatcher.Workers.cs (each slot's <see cref="WorkerState"/>), PoolDispatcher.Failures.cs
/// (breaking the pool, error wording) and PoolDispatcher.Shutdown.cs.</para>
/// </remarks>
internal sealed partial class PoolDispatcher : IWorkerListener
{
    private readonly ProcessPoolOptions _options;
    private readonly ShippedFunction? _initializer;
    private readonly WorkerSlot[] _slots;
    private readonly Queue<PoolChunk> _queue = new();
    private readonly ConcurrentQueue<Action> _events = new();
    private readonly List<Action> _afterRelease = [];

    /// <summary>Every process that has not exited: the slots' and those retired after their maximum number of tasks.</summary>
    private readonly HashSet<WorkerConnection> _alive = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allServing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _timeoutTicks;
    private readonly string[] _firstWorkerArguments;
    private readonly int _mostStartingUp;
    private int _draining;
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

    /// <summary>Gets whether the pool still runs work: neither shutting down nor broken.</summary>
    private bool IsOpen => !_shuttingDown && _broken is null;

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
                LaunchWorker(slot, slot.Index == 0 ? _firstWorkerArguments : [], held: slot.Index >= _mostStartingUp && WorkerLauncher.CanHold);
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
    public void KillAll() => Post(OnKillAll);

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
}
