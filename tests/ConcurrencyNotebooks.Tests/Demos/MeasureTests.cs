using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class MeasureTests
{
    [Fact]
    public void Best_RunsWarmUpPlusRuns_ReturnsPositiveTime()
    {
        var calls = 0;
        var best = Measure.Best(() => calls++, runs: 4);
        Assert.Equal(5, calls);
        Assert.True(best >= TimeSpan.Zero);
    }

    [Fact]
    public void Best_CancelledToken_StopsBeforeTheTimedRuns()
    {
        var calls = 0;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Measure.Best(() => calls++, runs: 3, cancelled.Token));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task BestAsync_ZeroRuns_Throws() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Measure.BestAsync(() => Task.CompletedTask, runs: 0));

    [Fact]
    public void BestOfEach_Keys_RunsEveryKeyEachRoundPlusWarmUpInterleaved()
    {
        var calls = new List<int>();
        var best = Measure.BestOfEach([1, 2], n => { calls.Add(n); Thread.Sleep(1); }, rounds: 2);

        Assert.Equal([1, 2, 1, 2, 1, 2], calls);
        Assert.Equal([1, 2], best.Keys);
        Assert.All(best.Values, time => Assert.True(time > TimeSpan.Zero && time < TimeSpan.MaxValue));
    }

    [Fact]
    public void BestOfEach_RepeatedKey_Throws() =>
        Assert.Throws<ArgumentException>(() => Measure.BestOfEach([1, 1], _ => { }));
}
