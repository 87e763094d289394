namespace ConcurrencyNotebooks.Processes;

/// <summary>Holds what the pool knows about one worker position: its current process and the chunks sent to it.</summary>
/// <remarks>Read and written only by <see cref="PoolDispatcher"/> while it owns the pool's state.</remarks>
internal sealed class WorkerSlot(int index)
{
    private readonly Queue<(PoolChunk Chunk, int Bytes)> _inFlight = new();

    /// <summary>Gets the slot's position, which names its lane ("worker 0") and survives replacements.</summary>
    public int Index { get; } = index;

    /// <summary>Gets the slot's current process, or null while one is starting.</summary>
    public WorkerConnection? Connection { get; private set; }

    /// <summary>Gets or sets whether the process waits, not yet started, for its release (see <see cref="WorkerLauncher.HeldStartInfo"/>).</summary>
    public bool Held { get; set; }

    /// <summary>Gets or sets whether the worker's runtime is up (it sent its Ready frame).</summary>
    public bool Up { get; set; }

    /// <summary>Gets or sets whether the worker may take chunks (its initializer, if any, has finished).</summary>
    public bool Ready { get; set; }

    /// <summary>Gets the ids of the functions the current process has loaded.</summary>
    public HashSet<int> LoadedFunctions { get; } = [];

    /// <summary>Gets or sets how many user chunks the current process has finished.</summary>
    public int ChunksDone { get; set; }

    /// <summary>Gets or sets why the pool is stopping the current process.</summary>
    public WorkerStop Stop { get; set; }

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

    /// <summary>Puts a fresh process in the slot, held or not, and forgets everything about the previous one.</summary>
    public void Attach(WorkerConnection? connection, bool held = false)
    {
        Connection = connection;
        Held = held;
        Up = false;
        Ready = false;
        LoadedFunctions.Clear();
        ChunksDone = 0;
        Stop = WorkerStop.None;
        DeadlineTicks = 0;
        CurrentItem = 0;
        LastChunkTicks = 0;
        LastChunkFunctionId = 0;
        _inFlight.Clear();
        InFlightBytes = 0;
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
}
