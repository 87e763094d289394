using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

public sealed class ThreadingChecksTests
{
    // Answers that must fail wait this long (once) for a second job that never comes.
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task OrderedMap_Stub_Throws()
    {
        async Task<int[]> Stub(IEnumerable<int> items, Func<int, int> f)
        {
            await Task.Yield();
            return [];
        }

        await AssertNotYet(() => ThreadingChecks.OrderedMap(Stub, Short));
    }

    [Fact]
    public async Task OrderedMap_Sequential_Throws()
    {
        await AssertNotYet(() => ThreadingChecks.OrderedMap((items, f) => Task.FromResult(items.Select(f).ToArray()), Short));
    }

    [Fact]
    public async Task OrderedMap_SequentialOnPoolThreads_Throws()
    {
        async Task<int[]> OneAtATime(IEnumerable<int> items, Func<int, int> f)
        {
            var results = new List<int>();
            foreach (var item in items)
            {
                results.Add(await Task.Run(() => f(item)));
            }

            return [.. results];
        }

        var error = await AssertNotYet(() => ThreadingChecks.OrderedMap(OneAtATime, Short));
        Assert.Contains("never ran at the same time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderedMap_HardCoded_Throws()
    {
        int[] squares = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121];
        await AssertNotYet(() => ThreadingChecks.OrderedMap((_, _) => Task.FromResult(squares), Short));
    }

    [Fact]
    public async Task OrderedMap_ModelSolution_Passes()
    {
        await ThreadingChecks.OrderedMap(async (items, f) => await Task.WhenAll(items.Select(item => Task.Run(() => f(item)))));
    }

    [Fact]
    public void SafeCount_Stub_Throws()
    {
        AssertNotYet(() => ThreadingChecks.SafeCount((_, _, _) => 0, Short));
    }

    [Fact]
    public void SafeCount_ThreadsCallWorkButReturnAHardCodedTotal_Throws()
    {
        var error = AssertNotYet(() => ThreadingChecks.SafeCount(OnThreads((work, _) => work(), (threads, each, _) => threads * each), Short));
        Assert.Contains("Count a step only when work() returns true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeCount_CountsEveryStepAtomically_Throws()
    {
        AssertNotYet(() => ThreadingChecks.SafeCount(OnThreads((work, box) =>
        {
            work();
            Interlocked.Increment(ref box.Value);
        }), Short));
    }

    [Fact]
    public void SafeCount_OneThread_Throws()
    {
        var error = AssertNotYet(() => ThreadingChecks.SafeCount((threads, each, work) =>
        {
            var count = 0;
            for (var i = 0; i < threads * each; i++)
            {
                count += work() ? 1 : 0;
            }

            return count;
        }, Short));
        Assert.Contains("1 thread(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeCount_ThreadsStartedAndJoinedOneAtATime_Throws()
    {
        var error = AssertNotYet(() => ThreadingChecks.SafeCount((threads, each, work) =>
        {
            var count = 0;
            for (var t = 0; t < threads; t++)
            {
                var thread = new Thread(() =>
                {
                    for (var i = 0; i < each; i++)
                    {
                        if (work())
                        {
                            Interlocked.Increment(ref count);
                        }
                    }
                });
                thread.Start();
                thread.Join();
            }

            return count;
        }, Short));
        Assert.Contains("never ran at the same time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeCount_LostUpdate_Throws()
    {
        // A racy count++ made certain: every thread reads the count, all wait, then each writes what it read plus its own tally.
        var error = AssertNotYet(() => ThreadingChecks.SafeCount((threads, each, work) =>
        {
            var count = 0;
            var barrier = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                var mine = 0;
                for (var i = 0; i < each; i++)
                {
                    mine += work() ? 1 : 0;
                }

                var seen = Volatile.Read(ref count);
                barrier.SignalAndWait();
                Volatile.Write(ref count, seen + mine);
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            return count;
        }, Short));
        Assert.Contains("Counts were lost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeCount_CountsOnlyTheFirstThreadsSteps_Throws()
    {
        var first = 0;
        AssertNotYet(() => ThreadingChecks.SafeCount(OnThreads((work, box) =>
        {
            var counts = work();
            if (counts && IsFirst())
            {
                Interlocked.Increment(ref box.Value);
            }
        }), Short));

        bool IsFirst()
        {
            Interlocked.CompareExchange(ref first, Environment.CurrentManagedThreadId, 0);
            return first == Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void SafeCount_Interlocked_Passes()
    {
        ThreadingChecks.SafeCount(OnThreads((work, box) =>
        {
            if (work())
            {
                Interlocked.Increment(ref box.Value);
            }
        }));
    }

    [Fact]
    public void SafeCount_Lock_Passes()
    {
        var gate = new Lock();
        ThreadingChecks.SafeCount(OnThreads((work, box) =>
        {
            if (work())
            {
                lock (gate)
                {
                    box.Value++;
                }
            }
        }));
    }

    /// <summary>Builds an answer that starts all threads, runs <paramref name="step"/> once per step on each, joins them and
    /// returns the count (or what <paramref name="result"/> says).</summary>
    private static Func<int, int, Func<bool>, int> OnThreads(Action<Func<bool>, StrongBox<int>> step,
        Func<int, int, int, int>? result = null) => (threads, each, work) =>
    {
        var box = new StrongBox<int>();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < each; i++)
            {
                step(work, box);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return result is null ? box.Value : result(threads, each, box.Value);
    };

    private static async Task<Exception> AssertNotYet(Func<Task> check)
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(check);
        Assert.StartsWith("Not yet:", error.Message, StringComparison.Ordinal);
        return error;
    }

    private static Exception AssertNotYet(Action check)
    {
        var error = Assert.Throws<ExerciseCheckException>(check);
        Assert.StartsWith("Not yet:", error.Message, StringComparison.Ordinal);
        return error;
    }
}
