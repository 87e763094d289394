using System.Diagnostics;
using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class ThreadPoolLabRunTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    private static SpanRecord Job(int n, long startMs, long endMs, int thread) => new()
    {
        Id = n, Label = $"job {n}", Kind = SpanKind.Thread, StartTicks = startMs * Ms, EndTicks = endMs * Ms,
        ProcessId = 1, OsThreadId = thread, ManagedThreadId = thread, EndOsThreadId = thread, EndManagedThreadId = thread,
        IsThreadPoolThread = true, EndIsThreadPoolThread = true,
    };

    private static List<CounterSample> Samples(params (long Ms, int Threads)[] samples) =>
        samples.Select(s => new CounterSample { Name = CounterSample.PoolThreads, Ticks = s.Ms * Ms, Value = s.Threads }).ToList();

    /// <summary>A run queued at 0 ms with 1000 ms jobs, the first started at 500 ms; the pool grows 0 → 2 at once, then to 3 only at 3000 ms.</summary>
    private static ThreadPoolLabRun Slow(List<CounterSample> samples) => new()
    {
        Case = ThreadPoolLabCase.ThreadSleep, JobMilliseconds = 1000, StartThreads = 0, PeakThreads = 3,
        QueuedTicks = 0, DoneTicks = 4000 * Ms,
        Spans = [Job(0, 500, 1500, 1), Job(1, 502, 1502, 2), Job(2, 1500, 2500, 1), Job(3, 3000, 4000, 3)],
        PoolThreads = samples,
    };

    [Fact]
    public void LongestQueuedWithoutNewThread_PoolStuckAtTwo_IsTheStretchUntilItGrows()
    {
        var run = Slow(Samples((5, 0), (10, 2), (20, 2), (2990, 2), (3000, 3)));

        Assert.Equal(TimeSpan.FromMilliseconds(2990), run.LongestQueuedWithoutNewThread); // computed from the samples above, not measured
        Assert.Contains("up to 2,990 ms with no new thread", run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LongestPickupGap_IsTheLongestTimeWithoutAJobStarting_FromQueuing()
    {
        var run = Slow(Samples((5, 0), (10, 2)));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), run.LongestPickupGap); // starts at 500, 502, 1500, 3000
    }

    [Fact]
    public void ExplainQueueWait_QuietCpuAndGapsUnder500Ms_SaysNoThreadWasDue()
    {
        var run = Slow(Samples((5, 0), (10, 2))) with
        {
            CpuPercent = 3,
            Spans = [Job(0, 10, 1010, 1), Job(1, 12, 1012, 2), Job(2, 400, 1400, 1), Job(3, 800, 1800, 2)],
        };

        var text = run.ExplainQueueWait();

        Assert.Contains("longer than 500 ms, because this worker's own CPU use averaged 3% of its cores, below the 80%", text, StringComparison.Ordinal);
        Assert.Contains("was 400 ms, never over the threshold, so the check had no reason to add a thread", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainQueueWait_BusyCpu_UsesTheGoalTimesOneSecondAndSaysWhenTheGapPassedIt()
    {
        var run = Slow(Samples((5, 0), (10, 2))) with { CpuPercent = 91, MinThreads = 2 };

        var text = run.ExplainQueueWait();

        Assert.Contains("the thread goal × 1 s (at least 2 s here), because this worker's own CPU use averaged 91%", text, StringComparison.Ordinal);
        Assert.Contains("was 1,500 ms, never over the threshold", text, StringComparison.Ordinal);
        Assert.Contains("over the threshold, yet the runtime reported no starvation adjustment", (run with { MinThreads = 1 }).ExplainQueueWait(),
            StringComparison.Ordinal);
        var starved = run with
        {
            MinThreads = 1,
            RuntimeSpans = [new() { Id = 9, Label = "pool goal → 3 threads (starvation)", Kind = SpanKind.Marker, OsThreadId = -1 }],
        };
        Assert.Contains("over the threshold, and the runtime raised the goal for starvation once.", starved.ExplainQueueWait(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SlowRun_CountsJobLengthsFromTheFirstJobStart()
    {
        var run = Slow(Samples((5, 0), (10, 2), (3000, 3)));

        Assert.Contains("3.5 job lengths after the first job started", run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SamplingGapOver100Ms_SaysTheWorkerWasStarved()
    {
        var steady = Slow(Samples(Enumerable.Range(0, 401).Select(i => ((long)i * 10, i < 300 ? 2 : 3)).ToArray()));
        var starved = Slow(Samples((5, 0), (10, 2), (20, 2), (320, 2), (3000, 3)));

        Assert.False(steady.WasStarved);
        Assert.DoesNotContain("starved", steady.ToString(), StringComparison.Ordinal);
        Assert.True(starved.WasStarved);
        Assert.Contains("starved of CPU for 2,680 ms", starved.ToString(), StringComparison.Ordinal);
        Assert.Contains("went without CPU", ThreadPoolLab.Compare([steady, starved with { Case = ThreadPoolLabCase.TaskWait }]), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_AllJobsStartedAtOnce_SaysNothingAboutTheQueue()
    {
        var run = new ThreadPoolLabRun
        {
            Case = ThreadPoolLabCase.ThreadSleep, JobMilliseconds = 1000, QueuedTicks = 0, DoneTicks = 1020 * Ms,
            Spans = [Job(0, 10, 1010, 1), Job(1, 12, 1012, 2)],
            PoolThreads = Samples((5, 0), (10, 2), (20, 2)),
        };

        Assert.DoesNotContain("queue for up to", run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void JobLengths_AwaitFasterThanBlocking_SaysSoAndOtherwiseSaysTheBlockingKeptUp()
    {
        var slow = Slow(Samples((5, 0), (10, 2), (3000, 3)));
        var fast = slow with { Case = ThreadPoolLabCase.Await, DoneTicks = 1020 * Ms };

        var text = ThreadPoolLab.JobLengths([slow, fast]);

        Assert.Contains("4 jobs took A: Thread.Sleep 4.0, C: await 1.0 job lengths", text, StringComparison.Ordinal);
        Assert.Contains("Awaiting was the fastest", text, StringComparison.Ordinal);
        Assert.Contains("kept up", ThreadPoolLab.JobLengths([slow with { DoneTicks = 1020 * Ms }, fast]), StringComparison.Ordinal);
    }
}
