using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

/// <summary>Each check of notebook 6 fed the notebook's stub, a sequential or hard-coded answer, and the model answer.</summary>
public sealed class SynchronizationChecksTests
{
    // Exercise 1: update a shared cell across an await.

    private static IReadOnlyList<Task> StubUpdates(int tasks, SharedCell cell, Func<Task> pause) => [];

    private static IReadOnlyList<Task> UnguardedUpdates(int tasks, SharedCell cell, Func<Task> pause) =>
        Enumerable.Range(0, tasks).Select(async _ =>
        {
            var value = cell.Read();
            await pause();
            cell.Write(value + 1);
        }).ToList();

    private static IReadOnlyList<Task> SequentialUpdates(int tasks, SharedCell cell, Func<Task> pause)
    {
        var done = new List<Task>();
        for (var i = 0; i < tasks; i++)
        {
            var value = cell.Read();
            pause().GetAwaiter().GetResult();
            cell.Write(value + 1);
            done.Add(Task.CompletedTask);
        }

        return done;
    }

    private static IReadOnlyList<Task> HardCodedUpdates(int tasks, SharedCell cell, Func<Task> pause)
    {
        cell.Write(tasks);
        return Enumerable.Repeat(Task.CompletedTask, tasks).ToList();
    }

    private static IReadOnlyList<Task> ModelUpdates(int tasks, SharedCell cell, Func<Task> pause)
    {
        var gate = new SemaphoreSlim(1, 1);
        return Enumerable.Range(0, tasks).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var value = cell.Read();
                await pause();
                cell.Write(value + 1);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
    }

    [Fact]
    public async Task SafeUpdates_Stub_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => SynchronizationChecks.SafeUpdates(StubUpdates));

    [Fact]
    public async Task SafeUpdates_Unguarded_ThrowsNamingTheOverlaps()
    {
        var e = await Assert.ThrowsAsync<ExerciseCheckException>(() => SynchronizationChecks.SafeUpdates(UnguardedUpdates));
        Assert.Contains("overlapped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafeUpdates_Sequential_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => SynchronizationChecks.SafeUpdates(SequentialUpdates));

    [Fact]
    public async Task SafeUpdates_HardCoded_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => SynchronizationChecks.SafeUpdates(HardCodedUpdates));

    [Fact]
    public async Task SafeUpdates_MonitorAcrossAnAwait_ThrowsNotYet() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => SynchronizationChecks.SafeUpdates((tasks, cell, pause) =>
        {
            var gate = new object();
            return Enumerable.Range(0, tasks).Select(async _ =>
            {
                Monitor.Enter(gate);
                try
                {
                    var value = cell.Read();
                    await pause();
                    cell.Write(value + 1);
                }
                finally
                {
                    Monitor.Exit(gate);
                }
            }).ToList();
        }));

    [Fact]
    public async Task SafeUpdates_Model_Passes() =>
        await SynchronizationChecks.SafeUpdates(ModelUpdates);

    // Exercise 2: lock two accounts in one order.

    [Fact]
    public void LockOrder_StubInArgumentOrder_ThrowsDeadlock()
    {
        var e = Assert.Throws<ExerciseCheckException>(() => SynchronizationChecks.LockOrder((from, to) => (from, to)));
        Assert.Contains("deadlock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LockOrder_Reversed_ThrowsDeadlock() =>
        Assert.Throws<ExerciseCheckException>(() => SynchronizationChecks.LockOrder((from, to) => (to, from)));

    [Fact]
    public void LockOrder_SameAccountTwice_Throws() =>
        Assert.Throws<ExerciseCheckException>(() => SynchronizationChecks.LockOrder((from, to) => (from, from)));

    [Fact]
    public void LockOrder_ById_Passes() =>
        SynchronizationChecks.LockOrder((x, y) => x.Id < y.Id ? (x, y) : (y, x));

    [Fact]
    public void LockOrder_ByIdDescending_PassesToo() =>
        SynchronizationChecks.LockOrder((x, y) => x.Id > y.Id ? (x, y) : (y, x));
}
