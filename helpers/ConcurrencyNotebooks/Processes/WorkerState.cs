namespace ConcurrencyNotebooks.Processes;

/// <summary>Says where one worker slot is in its process's life; <see cref="WorkerSlot.MoveTo"/> is the only place it changes.</summary>
/// <remarks>
/// <para>A process goes Launching (or LaunchingHeld, then Held) → StartingUp → Initializing (with an initializer) → Serving
/// → Stopping → Empty, and a replacement starts over from Empty. Any state with a process can end in Empty when the process
/// dies; one the pool stops goes through Stopping, whose reason is <see cref="WorkerSlot.Stop"/>. A Serving worker retired
/// after its maximum number of tasks leaves the slot at once (Serving → Launching): the old process finishes on its own.</para>
/// <para>"Starting up" counts Launching and StartingUp: those use a core now; held ones wait without one.</para>
/// </remarks>
internal enum WorkerState
{
    /// <summary>No process: the pool has not launched one, or the last one exited and none replaces it.</summary>
    Empty = 0,

    /// <summary>The pool is creating the process (off its state), which will start its runtime at once.</summary>
    Launching,

    /// <summary>The pool is creating the process, which will wait for its release (see <see cref="WorkerLauncher.HeldStartInfo"/>).</summary>
    LaunchingHeld,

    /// <summary>The process exists and waits for its release before its runtime starts.</summary>
    Held,

    /// <summary>The runtime is starting: its Ready frame has not arrived (the initializer may already wait in its pipe).</summary>
    StartingUp,

    /// <summary>The runtime is up (its Ready frame arrived) and runs the pool's initializer.</summary>
    Initializing,

    /// <summary>The worker takes chunks.</summary>
    Serving,

    /// <summary>The pool stopped the process (<see cref="WorkerSlot.Stop"/> says why) and waits for it to exit.</summary>
    Stopping,
}
