using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

/// <summary>The UI-style thread of notebook 8: work runs on it, continuations come back to it, and a deadlock ends at the limit.</summary>
public sealed class UiThreadTests
{
    [Fact]
    public async Task RunAsync_SyncWork_RunsOnTheNamedThread()
    {
        var run = await UiThread.RunAsync("ui-test", () => Thread.CurrentThread.Name);
        Assert.True(run.Finished);
        Assert.Equal("ui-test", run.Value);
        Assert.StartsWith("'ui-test' returned \"ui-test\"", run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AwaitedWork_ResumesOnTheNamedThread()
    {
        var run = await UiThread.RunAsync("ui-test", async () =>
        {
            await Task.Yield();
            return Thread.CurrentThread.Name;
        });
        Assert.True(run.Finished);
        Assert.Equal("ui-test", run.Value);
    }

    [Fact]
    public async Task RunAsync_BlockingOnAContinuationThatNeedsTheThread_ReportsStillBlocked()
    {
        async Task<int> NeedsTheUiThreadAsync()
        {
            await Task.Yield();             // comes back through the UI thread's queue
            return 1;
        }

        var run = await UiThread.RunAsync("ui-test", () => NeedsTheUiThreadAsync().Result, TimeSpan.FromMilliseconds(200));
        Assert.False(run.Finished);
        Assert.Contains("still blocked", run.ToString(), StringComparison.Ordinal);
    }
}
