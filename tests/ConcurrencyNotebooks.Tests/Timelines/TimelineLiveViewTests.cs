using ConcurrencyNotebooks.Charts;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineLiveViewTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public void Tick_WhileRunning_UpdatesWithLiveChartHtml()
    {
        var tl = new Timeline("work");
        var shown = new List<string>();
        using var view = new TimelineLiveView(tl, TimelineLiveView.DefaultRefresh, html => { shown.Add(html); return true; }, _ => { }, startTimer: false);
        var open = tl.Span("still running");

        Assert.True(view.Tick());

        var html = Assert.Single(shown);
        Assert.Contains(ChartHtml.ContainerClass, html, StringComparison.Ordinal);
        Assert.Contains("still running", html, StringComparison.Ordinal);
        Assert.Contains("live: running for", html, StringComparison.Ordinal);
        open.Dispose();
    }

    [Fact]
    public async Task Timer_WhileRunning_UpdatesAndStopsAfterDispose()
    {
        var tl = new Timeline("work");
        var shown = new List<string>();
        var twoUpdates = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var view = new TimelineLiveView(tl, TimelineLiveView.MinRefresh, html =>
        {
            lock (shown)
            {
                shown.Add(html);
                if (shown.Count == 2)
                {
                    twoUpdates.SetResult();
                }
            }

            return true;
        }, _ => { }, startTimer: true);
        using (tl.Span("job"))
        {
            await twoUpdates.Task.WaitAsync(HangGuard);
        }

        view.Dispose();
        int afterDispose;
        lock (shown)
        {
            afterDispose = shown.Count;
            Assert.DoesNotContain("live: running for", shown[^1], StringComparison.Ordinal); // the last update is the final chart
            Assert.Contains("job", shown[^1], StringComparison.Ordinal);
        }

        Assert.False(view.Tick()); // what the timer would do next: nothing reaches the display
        lock (shown)
        {
            Assert.Equal(afterDispose, shown.Count);
        }

        Assert.Equal(afterDispose, view.UpdateCount);
    }

    [Fact]
    public void Dispose_Twice_IsNoOp()
    {
        var tl = new Timeline("work");
        var shown = 0;
        var view = new TimelineLiveView(tl, TimelineLiveView.DefaultRefresh, _ => { shown++; return true; }, _ => { }, startTimer: false);

        view.Dispose();
        view.Dispose();

        Assert.Equal(1, shown);
    }

    [Fact]
    public async Task Dispose_OnAnotherThread_ShowsFinalChartOnce()
    {
        var tl = new Timeline("work");
        var shown = new List<string>();
        var view = new TimelineLiveView(tl, TimelineLiveView.MinRefresh, html => { lock (shown) { shown.Add(html); } return true; }, _ => { }, startTimer: true);
        tl.Record("job", () => { });

        await Task.WhenAll(Task.Run(view.Dispose), Task.Run(view.Dispose)).WaitAsync(HangGuard);

        lock (shown)
        {
            Assert.Single(shown, h => !h.Contains("live: running for", StringComparison.Ordinal));
            Assert.DoesNotContain("live: running for", shown[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Start_OutsideKernel_PrintsTextTimelineOnceAtDispose()
    {
        var tl = new Timeline("outside");
        var printed = new List<string>();
        var view = TimelineLiveView.Start(tl, TimelineLiveView.DefaultRefresh, context: null, printed.Add);
        tl.Record("job", () => { });
        Assert.False(view.IsLive);
        Assert.Empty(printed);

        view.Dispose();
        view.Dispose();

        var text = Assert.Single(printed);
        Assert.StartsWith("outside: 1 spans", text, StringComparison.Ordinal);
        Assert.False(view.Tick());
    }

    [Fact]
    public void ShowLive_OutsideKernel_ReadsWellInAUsingBlock()
    {
        var tl = new Timeline("using");
        using (var view = tl.ShowLive(TimeSpan.FromMilliseconds(250)))
        {
            tl.Record("job", () => { });
            Assert.Equal(TimeSpan.FromMilliseconds(250), view.Refresh);
        }

        Assert.Single(tl.Spans);
    }

    [Fact]
    public void Tick_DisplayGone_StopsAndFinalUpdateIsSkipped()
    {
        var tl = new Timeline("work");
        var calls = 0;
        var view = new TimelineLiveView(tl, TimelineLiveView.DefaultRefresh, _ => { calls++; return false; }, _ => { }, startTimer: false);

        Assert.False(view.Tick());
        Assert.False(view.Tick());
        view.Dispose();

        Assert.Equal(1, calls);
        Assert.Equal(0, view.UpdateCount);
    }

    [Fact]
    public void ShowLive_BadArguments_Throw()
    {
        var tl = new Timeline("t");
        Assert.Throws<ArgumentOutOfRangeException>(() => tl.ShowLive(TimeSpan.FromMilliseconds(10)));
        tl.Dispose();
        Assert.Throws<ObjectDisposedException>(() => tl.ShowLive());
    }
}
