using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Tests.Processes;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Demos;

[Collection(ProcessTestCollection.Name)]
public sealed class ThreadPoolLabTests
{
    [Fact]
    public void RunHere_TaskWaitJobs_RecordsOneSpanPerJobAndTheThreadCount()
    {
        PoolLabRun? run = null;
        var thread = new Thread(() => run = ThreadPoolLab.RunHere(new PoolLabRequest(PoolLabCase.TaskWait, 4, 20)));
        thread.Start();
        thread.Join();

        Assert.NotNull(run);
        Assert.Equal(["job 0", "job 1", "job 2", "job 3"], run.Spans.Select(s => s.Label).Order());
        Assert.All(run.Spans, s => Assert.True(s.IsThreadPoolThread && !s.IsUnfinished));
        Assert.NotEmpty(run.PoolThreads);
        Assert.Equal(Environment.ProcessId, run.ProcessId);
        Assert.True(run.DoneTicks >= run.Spans.Max(s => s.EndTicks));
    }

    [Fact]
    public void RunHere_WantedMinimumBelowCurrent_KeepsTheCurrentMinimum()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        PoolLabRun? run = null;
        var thread = new Thread(() => run = ThreadPoolLab.RunHere(new PoolLabRequest(PoolLabCase.Await.WithMinThreads(1), 1, 1)));
        thread.Start();
        thread.Join();

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.Equal(before, after);
        Assert.Equal(before, run!.MinThreads);
        Assert.Equal(run.MinThreadsBefore, run.MinThreads);
    }

    [Fact]
    public async Task RunAsync_TwoCases_RunEachInItsOwnFreshProcessOnTheTimeline()
    {
        var timeline = new Timeline("lab");
        var raised = PoolLabCase.ThreadSleep.WithMinThreads(Environment.ProcessorCount + 3);

        var runs = await ThreadPoolLab.RunAsync(timeline, 3, 0.02, PoolLabCase.Await, raised);

        Assert.Equal([PoolLabCase.Await, raised], runs.Select(r => r.Case));
        Assert.Equal(3, runs.Select(r => r.ProcessId).Append(Environment.ProcessId).Distinct().Count());
        Assert.Equal(Environment.ProcessorCount + 3, runs[1].MinThreads);
        var spans = timeline.Spans.Where(s => s.Kind != SpanKind.Runtime && s.Kind != SpanKind.Marker).ToList();
        Assert.Equal(6, spans.Count);
        Assert.Equal(3, spans.Count(s => s.Lane == raised.Name && s.ProcessId == runs[1].ProcessId));
        Assert.Equal(3, spans.Count(s => s.Lane == PoolLabCase.Await.Name && s.Kind == SpanKind.Async));
        Assert.Contains(timeline.Counters, c => c.Name == $"{CounterSample.PoolThreads} · {raised.Name}");
        Assert.Contains($"pid {runs[0].ProcessId}", runs[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeAdjustments_SaysTheRuntimesReasonsMostFrequentFirst()
    {
        SpanRecord Marker(long id, string label) => new() { Id = id, Label = label, Kind = SpanKind.Marker, OsThreadId = -1 };
        var run = new PoolLabRun
        {
            Case = PoolLabCase.TaskWait,
            RuntimeSpans = [Marker(1, "pool → 3 threads (starvation)"), Marker(2, "pool → 4 threads (blocking (Wait/Result))"),
                Marker(3, "pool → 5 threads (blocking (Wait/Result))"), new() { Id = 4, Label = "GC pause (gen 0)", Kind = SpanKind.Runtime, OsThreadId = -1 }],
        };

        Assert.Equal([("blocking (Wait/Result)", 2), ("starvation", 1)], run.AdjustmentReasons);
        Assert.EndsWith("3 times, because of blocking (Wait/Result) ×2, starvation ×1.", run.DescribeAdjustments(), StringComparison.Ordinal);
        Assert.Contains("reported no change", (run with { RuntimeSpans = [] }).DescribeAdjustments(), StringComparison.Ordinal);
        Assert.Equal(5, run.HighestReportedTarget);
        Assert.DoesNotContain("past the", (run with { PeakThreads = 5 }).DescribeAdjustments(), StringComparison.Ordinal);
        Assert.EndsWith("The pool grew to 7 threads, past the 5 its events named: not every change came with an event here.",
            (run with { PeakThreads = 7 }).DescribeAdjustments(), StringComparison.Ordinal);
    }
}
