namespace ConcurrencyNotebooks.Exercises;

/// <summary>The checks of notebook 6's exercises: each throws until the answer is right, and verifies the concurrency
/// itself with gates (never timing), so a sequential or hard-coded answer does not pass.</summary>
public static class SynchronizationChecks
{
    /// <summary>How many tasks exercise 1 starts.</summary>
    public const int Tasks = 20;

    /// <summary>How long a check waits for a step that can only hang in a wrong answer.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(5);

    /// <summary>How long a transfer holding one lock waits for the other before calling it a deadlock (the gates make
    /// the deadlock certain when it happens, so this only bounds the wait).</summary>
    public static readonly TimeSpan DeadlockGuard = TimeSpan.FromSeconds(1);

    /// <summary>Checks an answer to "update a shared cell safely across an await": <paramref name="start"/> must start
    /// <see cref="Tasks"/> tasks that each do <c>Read()</c>, <c>await pause()</c>, <c>Write(value + 1)</c>, guarded so
    /// no two updates overlap, and return them without waiting for them.</summary>
    /// <param name="start">The answer: (task count, cell, pause) to the started tasks.</param>
    /// <returns>A task that completes when the answer is right.</returns>
    /// <exception cref="ExerciseCheckException">"Not yet: …" when it is not: the message says what was seen.</exception>
    /// <remarks>No pause completes until <paramref name="start"/> has returned, so every task is started before any
    /// update finishes: unguarded updates then always overlap, and an answer that runs the updates one after another
    /// (or returns one task) cannot return <see cref="Tasks"/> tasks.</remarks>
    public static async Task SafeUpdates(Func<int, SharedCell, Func<Task>, IReadOnlyList<Task>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var cell = new SharedCell();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pauses = 0;
        async Task Pause()
        {
            Interlocked.Increment(ref pauses);
            await started.Task.ConfigureAwait(false);
            await Task.Yield();
        }

        // Run the answer off this thread: one that waits for its own updates would wait for pauses that only open
        // once it has returned; the guard then opens them and says so.
        var starting = Task.Run(() => Answer.Run(() => start(Tasks, cell, Pause)));
        var returned = await Task.WhenAny(starting, Task.Delay(HangGuard)).ConfigureAwait(false) == starting;
        started.TrySetResult();
        if (!returned)
        {
            throw new ExerciseCheckException($"Not yet: the answer did not return within {HangGuard.TotalSeconds} s " +
                "because it waited for its updates. Start the tasks and return them; the check awaits them.");
        }

        var tasks = await starting.ConfigureAwait(false) ?? [];

        if (tasks.Count != Tasks)
        {
            throw new ExerciseCheckException($"Not yet: expected {Tasks} started tasks, got {tasks.Count}. " +
                "Start one task per update and return them all without awaiting them.");
        }

        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(HangGuard)).ConfigureAwait(false) != all)
        {
            throw new ExerciseCheckException($"Not yet: the tasks did not finish within {HangGuard.TotalSeconds} s. " +
                "Is every WaitAsync matched by a Release (in a finally)?");
        }

        await Answer.RunAsync(async () =>
        {
            await all.ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        if (cell.Reads != Tasks || cell.Writes != Tasks || pauses != Tasks)
        {
            throw new ExerciseCheckException($"Not yet: {cell.Reads} reads, {pauses} pauses, {cell.Writes} writes; " +
                $"each of the {Tasks} tasks should Read, await pause(), then Write.");
        }

        if (cell.Overlaps > 0 || cell.Value != Tasks)
        {
            throw new ExerciseCheckException($"Not yet: {cell.Overlaps} updates overlapped and the cell holds " +
                $"{cell.Value}, not {Tasks}. Guard read … await … write with SemaphoreSlim.WaitAsync.");
        }
    }

    /// <summary>Checks an answer to "lock two accounts without deadlock": <paramref name="lockOrder"/> must return the
    /// two accounts in the order every transfer locks them, the same order whichever way the money goes.</summary>
    /// <param name="lockOrder">The answer: two accounts to (first to lock, second to lock).</param>
    /// <exception cref="ExerciseCheckException">"Not yet: …" when it is not: the message says what was seen.</exception>
    /// <remarks>Two threads transfer a→b and b→a at once. The second is let go only once the first holds its first
    /// lock, and the first goes on only once the second holds its own first lock or is blocked on it; so opposite orders
    /// always deadlock here (detected, both give up) and one order never does.</remarks>
    public static void LockOrder(Func<Account, Account, (Account First, Account Second)> lockOrder)
    {
        ArgumentNullException.ThrowIfNull(lockOrder);
        var a = new Account(1) { Balance = 100 };
        var b = new Account(2) { Balance = 100 };
        var ab = Order(lockOrder, a, b);
        var ba = Order(lockOrder, b, a);
        using var oneHolds = new ManualResetEventSlim();
        using var otherWent = new ManualResetEventSlim();
        string? failure = null;
        var threads = new[]
        {
            new Thread(() => Interlocked.CompareExchange(ref failure, Transfer(ab, first: true, oneHolds, otherWent), null)),
            new Thread(() => Interlocked.CompareExchange(ref failure, Transfer(ba, first: false, oneHolds, otherWent), null)),
        };
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            throw new ExerciseCheckException($"Not yet: {failure}. The a→b transfer locks {ab.First} then " +
                $"{ab.Second}; the b→a transfer locks {ba.First} then {ba.Second}. Lock in one global order (by Id).");
        }
    }

    private static (Account First, Account Second) Order(Func<Account, Account, (Account, Account)> lockOrder, Account x, Account y)
    {
        var (first, second) = Answer.Run(() => lockOrder(x, y));
        if (first is null || second is null || ReferenceEquals(first, second) ||
            !(ReferenceEquals(first, x) || ReferenceEquals(first, y)) || !(ReferenceEquals(second, x) || ReferenceEquals(second, y)))
        {
            throw new ExerciseCheckException($"Not yet: LockOrder({x}, {y}) should return both accounts, once each.");
        }

        return (first, second);
    }

    /// <summary>Locks both accounts of <paramref name="order"/>, gated so the two transfers interleave at their worst.</summary>
    /// <returns>Null on success, else what went wrong.</returns>
    private static string? Transfer((Account First, Account Second) order, bool first, ManualResetEventSlim oneHolds, ManualResetEventSlim otherWent)
    {
        if (first)
        {
            lock (order.First.Gate)
            {
                oneHolds.Set();
                if (!otherWent.Wait(HangGuard))
                {
                    return "the second transfer never started";
                }

                return TakeSecond(order);
            }
        }

        if (!oneHolds.Wait(HangGuard))
        {
            return "the first transfer never took its first lock";
        }

        if (!Monitor.TryEnter(order.First.Gate))
        {
            // Blocked behind the first transfer: let it go on, then wait our turn.
            otherWent.Set();
            if (!Monitor.TryEnter(order.First.Gate, HangGuard))
            {
                return $"the b→a transfer waited over {HangGuard.TotalSeconds} s for {order.First}";
            }
        }
        else
        {
            otherWent.Set();
        }

        try
        {
            return TakeSecond(order);
        }
        finally
        {
            Monitor.Exit(order.First.Gate);
        }
    }

    private static string? TakeSecond((Account First, Account Second) order)
    {
        // Each side holds its first lock here; if the orders differ, each wants the other's: a deadlock, which
        // the time-out turns into an answer instead of a hang.
        if (!Monitor.TryEnter(order.Second.Gate, DeadlockGuard))
        {
            return $"deadlock: holding {order.First}, waited for {order.Second} in vain";
        }

        try
        {
            order.First.Balance -= 10;
            order.Second.Balance += 10;
            return null;
        }
        finally
        {
            Monitor.Exit(order.Second.Gate);
        }
    }
}
