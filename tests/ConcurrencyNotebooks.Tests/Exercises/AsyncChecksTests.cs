using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

public class AsyncChecksTests
{
    /// <summary>Short, so answers that hang fail fast; the passing answers never wait for it.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task FastestMirror_Stub_Throws()
    {
        async Task<string> Stub(IReadOnlyList<Task<string>> sources) { await Task.Yield(); return ""; }
        await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.FastestMirror(Stub, Guard));
    }

    [Fact]
    public async Task FastestMirror_AwaitingTheSourcesInOrder_Throws()
    {
        async Task<string> Sequential(IReadOnlyList<Task<string>> sources)
        {
            foreach (var source in sources)
            {
                return await source;
            }

            return "";
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.FastestMirror(Sequential, Guard));
        Assert.Contains("still waiting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FastestMirror_HardCodedName_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.FastestMirror(_ => Task.FromResult("asia"), Guard));

    [Fact]
    public async Task FastestMirror_WaitingForAll_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.FastestMirror(async sources => (await Task.WhenAll(sources))[0], Guard));

    [Fact]
    public async Task FastestMirror_ModelAnswer_Passes() =>
        await AsyncChecks.FastestMirror(async sources => await await Task.WhenAny(sources));

    [Fact]
    public async Task Deadline_Stub_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.Deadline(async (work, deadline) => { await Task.Yield(); return ""; }, Guard));

    [Fact]
    public async Task Deadline_AwaitingTheWorkWithoutDeadline_ThrowsInsteadOfHanging()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.Deadline((work, deadline) => work(CancellationToken.None), Guard));
        Assert.Contains("had not returned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_HardCodedTimedOut_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.Deadline((work, deadline) => Task.FromResult("timed out"), Guard));

    [Fact]
    public async Task Deadline_WaitAsyncThatLeavesTheWorkRunning_Throws()
    {
        static async Task<string> StopsWaitingOnly(Func<CancellationToken, Task<string>> work, TimeSpan deadline)
        {
            try { return await work(CancellationToken.None).WaitAsync(deadline); }
            catch (TimeoutException) { return "timed out"; }
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => AsyncChecks.Deadline(StopsWaitingOnly, Guard));
        Assert.Contains("never cancelled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_ModelAnswer_Passes()
    {
        static async Task<string> WithDeadline(Func<CancellationToken, Task<string>> work, TimeSpan deadline)
        {
            using var cts = new CancellationTokenSource(deadline);
            try { return await work(cts.Token); }
            catch (OperationCanceledException) when (cts.IsCancellationRequested) { return "timed out"; }
        }

        await AsyncChecks.Deadline(WithDeadline);
    }
}
