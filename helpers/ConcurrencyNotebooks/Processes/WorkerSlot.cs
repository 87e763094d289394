namespace ConcurrencyNotebooks.Processes;

/// <summary>Holds what the pool knows about one worker position: its process's <see cref="State"/>, the process, and the
/// chunks sent to it.</summary>
/// <remarks>Read and written only by <see cref="PoolDispatcher"/> while it owns the pool's state. <see cref="MoveTo"/> is
/// the one place the state changes, and it refuses a move the lifecycle does not have.</remarks>
internal sealed class WorkerSlot
{
    private readonly Queue<(PoolChunk Chunk, int Bytes)> _inFlight = new();

    /// <summary>Creates an empty slot.</summary>
    public WorkerSlot(int index)
        : this(index, WorkerState.Empty)
    {
    }

    /// <summary>Creates a slot in any state, without a process; for tests of the transitions.</summary>
    internal WorkerSlot(int index, WorkerState state, WorkerStop stop = WorkerStop.None)
    {
        Index = index;
        State = state;
        Stop = stop;
    }

    /// <summary>Gets the slot's position, which names its lane ("worker 0") and survives replacements.</summary>
    public int Index { get; }

    /// <summary>Gets where the slot's process is in its life.</summary>
    public WorkerState State { get; private set; }

    /// <summary>Gets why the pool is stopping the process while <see cref="State"/> is Stopping, or None.</summary>
    public WorkerStop Stop { get; private set; }

    /// <summary>Gets the slot's process, or null while there is none (Empty) or it is being created (Launching, LaunchingHeld).</summary>
    public WorkerConnection? Connection { get; private set; }

    /// <summary>Gets the ids of the functions the current process has loaded.</summary>
    public HashSet<int> LoadedFunctions { get; } = [];

    /// <summary>Gets or sets how many user chunks the current process has finished.</summary>
    public int ChunksDone { get; set; }

    /// <summary>Gets or sets when the running item times out, in Stopwatch ticks, or 0.</summary>
    public long DeadlineTicks { get; set; }

    /// <summary>Gets or sets the index, within the running chunk, of the item the worker last reported started.</summary>
    public int CurrentItem { get; set; }

    /// <summary>Gets or sets how long the worker took over its last chunk, in Stopwatch ticks, or 0 before the first.</summary>
    public long LastChunkTicks { get; set; }

    /// <summary>Gets or sets the id of the function whose chunk <see cref="LastChunkTicks"/> timed.</summary>
    public int LastChunkFunctionId { get; set; }

    /// <summary>Gets how many chunks were sent and not yet answered; the first is running, the rest wait in the pipe.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Gets the bytes of the frames sent for the chunks in flight.</summary>
    public long InFlightBytes { get; private set; }

    /// <summary>Gets the chunk the worker is running, or null when it is idle.</summary>
    public PoolChunk? Current => _inFlight.Count > 0 ? _inFlight.Peek().Chunk : null;

    /// <summary>Gets whether the runtime is using a core to start: Launching or StartingUp (held ones wait without one).</summary>
    public bool IsStartingUp => State is WorkerState.Launching or WorkerState.StartingUp;

    /// <summary>Gets whether the pool is creating the slot's process and has not heard the outcome yet.</summary>
    public bool IsLaunching => State is WorkerState.Launching or WorkerState.LaunchingHeld;

    /// <summary>Tells whether the lifecycle has a move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(WorkerState from, WorkerState to) => (from, to) switch
    {
        (WorkerState.Empty, WorkerState.Launching or WorkerState.LaunchingHeld) => true,
        (WorkerState.Launching, WorkerState.StartingUp or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.LaunchingHeld, WorkerState.Held or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.Held, WorkerState.StartingUp or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.StartingUp, WorkerState.Initializing or WorkerState.Serving or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.Initializing, WorkerState.Serving or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.Serving, WorkerState.Launching or WorkerState.Stopping or WorkerState.Empty) => true,
        (WorkerState.Stopping, WorkerState.Empty) => true,
        _ => false,
    };

    /// <summary>Moves the slot to <paramref name="next"/>; a move to Empty or Launching forgets everything about the old process.</summary>
    /// <param name="next">The new state.</param>
    /// <param name="stop">Why the pool stops the process: required for Stopping, and only for it.</param>
    /// <exception cref="InvalidOperationException">The lifecycle has no such move, or the reason does not fit it.</exception>
    public void MoveTo(WorkerState next, WorkerStop stop = WorkerStop.None)
    {
        if (!CanMove(State, next))
        {
            throw new InvalidOperationException($"Worker {Index} cannot go from {State} to {next}.");
        }

        if ((next == WorkerState.Stopping) != (stop != WorkerStop.None))
        {
            throw new InvalidOperationException($"Worker {Index} goes to {next} with stop reason {stop}: only Stopping has a reason, and it needs one.");
        }

        if (next is WorkerState.Empty or WorkerState.Launching or WorkerState.LaunchingHeld)
        {
            Forget();
        }

        State = next;
        Stop = stop;
    }

    /// <summary>Records a launch's outcome: the process joins the slot, held, starting up, or (when the pool is stopping or
    /// broken, <paramref name="stop"/>) already Stopping.</summary>
    /// <exception cref="InvalidOperationException">The slot is not launching.</exception>
    public void Attach(WorkerConnection connection, WorkerStop stop = WorkerStop.None)
    {
        if (!IsLaunching)
        {
            throw new InvalidOperationException($"Worker {Index} got a process while {State}, not launching one.");
        }

        var next = stop != WorkerStop.None ? WorkerState.Stopping
            : State == WorkerState.LaunchingHeld ? WorkerState.Held
            : WorkerState.StartingUp;
        MoveTo(next, stop);
        Connection = connection;
    }

    /// <summary>Moves a slot with a live process to Stopping, unless it is stopping already (the first reason stays).</summary>
    /// <returns>Whether the slot moved.</returns>
    public bool BeginStopping(WorkerStop stop)
    {
        if (State == WorkerState.Stopping)
        {
            return false;
        }

        MoveTo(WorkerState.Stopping, stop);
        return true;
    }

    /// <summary>Records a chunk as sent, with the bytes of its frames.</summary>
    public void AddInFlight(PoolChunk chunk, int bytes)
    {
        _inFlight.Enqueue((chunk, bytes));
        InFlightBytes += bytes;
    }

    /// <summary>Removes the running chunk, answered now; the next one in flight becomes <see cref="Current"/>.</summary>
    public void CompleteCurrent()
    {
        var (_, bytes) = _inFlight.Dequeue();
        InFlightBytes -= bytes;
        CurrentItem = 0;
    }

    /// <summary>Removes and returns every chunk in flight, the running one first.</summary>
    public PoolChunk[] TakeAllInFlight()
    {
        var all = _inFlight.Select(entry => entry.Chunk).ToArray();
        _inFlight.Clear();
        InFlightBytes = 0;
        return all;
    }

    private void Forget()
    {
        Connection = null;
        LoadedFunctions.Clear();
        ChunksDone = 0;
        DeadlineTicks = 0;
        CurrentItem = 0;
        LastChunkTicks = 0;
        LastChunkFunctionId = 0;
        _inFlight.Clear();
        InFlightBytes = 0;
    }
}
