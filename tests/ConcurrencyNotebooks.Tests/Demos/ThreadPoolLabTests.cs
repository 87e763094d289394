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
        ThreadPoolLabRun? run = null;
        var thread = new Thread(() => run = ThreadPoolLab.RunHere(new ThreadPoolLabRequest(ThreadPoolLabCase.TaskWait, 4, 20)));
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
        ThreadPoolLabRun? run = null;
        var thread = new Thread(() => run = ThreadPoolLab.RunHere(new ThreadPoolLabRequest(ThreadPoolLabCase.Await.WithMinThreads(1), 1, 1)));
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
        var raised = ThreadPoolLabCase.ThreadSleep.WithMinThreads(Environment.ProcessorCount + 3);

        var runs = await ThreadPoolLab.RunAsync(timeline, 3, 0.02, ThreadPoolLabCase.Await, raised);

        Assert.Equal([ThreadPoolLabCase.Await, raised], runs.Select(r => r.Case));
        Assert.Equal(3, runs.Select(r => r.ProcessId).Append(Environment.ProcessId).Distinct().Count());
        Assert.Equal(Environment.ProcessorCount + 3, runs[1].MinThreads);
        var spans = timeline.Spans.Where(s => s.Kind != SpanKind.Runtime && s.Kind != SpanKind.Marker).ToList();
        Assert.Equal(6, spans.Count);
        Assert.Equal(3, spans.Count(s => s.Lane == raised.Name && s.ProcessId == runs[1].ProcessId));
        Assert.Equal(3, spans.Count(s => s.Lane == ThreadPoolLabCase.Await.Name && s.Kind == SpanKind.Async));
        Assert.Contains(timeline.Counters, c => c.Name == $"{CounterSample.PoolThreads} · {raised.Name}");
        Assert.Contains($"pid {runs[0].ProcessId}", runs[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeAdjustments_SeveralReasons_SaysThemMostFrequentFirst()
    {
        SpanRecord Marker(long id, string label) => new() { Id = id, Label = label, Kind = SpanKind.Marker, OsThreadId = -1 };
        var run = new ThreadPoolLabRun
        {
            Case = ThreadPoolLabCase.TaskWait,
            RuntimeSpans = [Marker(1, "pool goal → 3 threads (starvation)"), Marker(2, "pool goal → 4 threads (blocking (Wait/Result))"),
                Marker(3, "pool goal → 5 threads (blocking (Wait/Result))"), new() { Id = 4, Label = "GC pause (gen 0)", Kind = SpanKind.Runtime, OsThreadId = -1 }],
        };

        Assert.Equal([("blocking (Wait/Result)", 2), ("starvation", 1)], run.AdjustmentReasons);
        Assert.EndsWith("3 times (goals 3, 4, 5; the thread count peaked at 0), because of blocking (Wait/Result) ×2, starvation ×1.",
            run.DescribeAdjustments(), StringComparison.Ordinal);
        Assert.Contains("reported no change", (run with { RuntimeSpans = [] }).DescribeAdjustments(), StringComparison.Ordinal);
        Assert.Equal(5, run.HighestReportedTarget);
        Assert.DoesNotContain("past the", (run with { PeakThreads = 5 }).DescribeAdjustments(), StringComparison.Ordinal);
        Assert.EndsWith("The pool had 7 threads, more than the highest goal its events named (5): not every change came with an event here.",
            (run with { PeakThreads = 7 }).DescribeAdjustments(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBlockingReported_GrowthWithoutABlockingReason_FailsTheClaimAndPassesWithOne()
    {
        var run = new ThreadPoolLabRun
        {
            Case = ThreadPoolLabCase.TaskWait, MinThreads = 2, PeakThreads = 4,
            RuntimeSpans = [new() { Id = 1, Label = "pool goal → 3 threads (starvation)", Kind = SpanKind.Marker, OsThreadId = -1 }],
        };

        Assert.Throws<ConcurrencyNotebooks.Claims.ClaimFailedException>(run.CheckBlockingReported);
        (run with { PeakThreads = 2 }).CheckBlockingReported();
        (run with { RuntimeSpans = [run.RuntimeSpans[0] with { Label = "pool goal → 3 threads (blocking (Wait/Result))" }] }).CheckBlockingReported();
    }

    [Theory]
    [InlineData(5, 2, 3.0, "5 blocking jobs on 2 threads would take 3 rounds of sleep; we measured 3.0: as that predicts.")]
    [InlineData(5, 2, 1.1, "we measured 1.1: fewer, so more than 2 threads ran them")]
    [InlineData(5, 5, 2.4, "would take 1 round of sleep; we measured 2.4: more: the jobs waited")]
    public void ExplainRounds_AMeasurement_ComparesItWithTheRoundsTheMinimumPredicts(int jobs, int min, double measured, string expected)
    {
        Assert.Contains(expected, ThreadPoolLab.ExplainRounds(jobs, min, measured), StringComparison.Ordinal);
    }
}
