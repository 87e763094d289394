// Model answers to notebook 6's exercises (06-synchronization.ipynb). Each answer is followed by its check.
// The notebook's Solutions cell imports this file after its setup has run.

// Exercise 1: one SemaphoreSlim guards read … await … write, so no two updates overlap.
IReadOnlyList<Task> StartUpdatesSolution(int tasks, SharedCell cell, Func<Task> pause)
{
    var gate = new SemaphoreSlim(1, 1);
    async Task Update()
    {
        await gate.WaitAsync();
        try { var value = cell.Read(); await pause(); cell.Write(value + 1); }
        finally { gate.Release(); }
    }
    return Enumerable.Range(0, tasks).Select(_ => Update()).ToList();
}
await SynchronizationChecks.SafeUpdates(StartUpdatesSolution);
Console.WriteLine("✔ Exercise 1: every update counted, none overlapped.");

// Exercise 2: one global order, by Account.Id, whichever way the money goes.
(Account First, Account Second) LockOrderSolution(Account from, Account to) =>
    from.Id < to.Id ? (from, to) : (to, from);
SynchronizationChecks.LockOrder(LockOrderSolution);
Console.WriteLine("✔ Exercise 2: both transfers went through: one lock order, no deadlock.");
