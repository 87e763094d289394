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
    public void SafeCount_HardCoded_Throws()
    {
        AssertNotYet(() => ThreadingChecks.SafeCount((threads, each, _) => threads * each, Short));
    }

    [Fact]
    public void SafeCount_OneThread_Throws()
    {
        var error = AssertNotYet(() => ThreadingChecks.SafeCount((threads, each, work) =>
        {
            var count = 0;
            for (var i = 0; i < threads * each; i++)
            {
                work();
                count++;
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
                        work();
                        Interlocked.Increment(ref count);
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
    public void SafeCount_ModelSolution_Passes()
    {
        ThreadingChecks.SafeCount((threads, each, work) =>
        {
            var count = 0;
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                for (var i = 0; i < each; i++)
                {
                    work();
                    Interlocked.Increment(ref count);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            return count;
        });
    }

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
