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
}
