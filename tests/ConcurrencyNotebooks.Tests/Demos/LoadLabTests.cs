using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class LoadLabTests
{
    [Fact]
    public void Serve_SeveralRequests_CallsTheHandlerOncePerRequestAndTimesEach()
    {
        var calls = 0;
        var run = LoadLab.Serve(20, TimeSpan.Zero, () =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });

        Assert.Equal(20, calls);
        Assert.Equal(20, run.LatencyMs.Length);
        Assert.All(run.LatencyMs, ms => Assert.True(ms >= 0));
        Assert.NotEmpty(run.SampleMs);
        Assert.Equal(run.SampleMs.Length, run.QueuedWorkItems.Length);
        Assert.Equal(run.SampleMs.Length, run.PoolThreads.Length);
        Assert.All(run.PoolThreads, threads => Assert.True(threads >= 1));
    }

    [Fact]
    public async Task Serve_SlowHandler_ReturnsOnlyWhenEveryRequestIsHandled()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = Task.Run(() => LoadLab.Serve(5, TimeSpan.Zero, () => gate.Task));
        await Task.Delay(50);
        Assert.False(serving.IsCompleted);
        gate.SetResult();
        var run = await serving.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(5, run.LatencyMs.Length);
    }

    [Fact]
    public void Serve_AFailingHandler_StillCountsTheRequest()
    {
        var run = LoadLab.Serve(3, TimeSpan.Zero, () => Task.FromException(new InvalidOperationException("boom")));
        Assert.Equal(3, run.LatencyMs.Length);
    }

    [Fact]
    public void LoadRun_Summary_FiguresComeFromTheArrays()
    {
        var run = new LoadRun([5, 1, 9, 3], [0, 1], [0, 7], [2, 4]);
        Assert.Equal(5, run.MedianLatencyMs);
        Assert.Equal(9, run.WorstLatencyMs);
        Assert.Equal(7, run.MostQueued);
        Assert.Equal(4, run.MostThreads);
    }
}
