using ConcurrencyNotebooks.Demos;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Demos;

public class ComparisonTests
{
    private static Comparison Sample()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "async", TimeSpan.FromMilliseconds(100));
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(800));
        comparison.Record("CPU", "threads", TimeSpan.FromMilliseconds(400));
        return comparison;
    }

    [Fact]
    public void SpeedUp_AgainstFirstMethodOfJob_IsRatio()
    {
        var comparison = Sample();
        Assert.Equal(10.0, comparison.SpeedUp("I/O", "async"), 6);
        Assert.Equal(2.0, comparison.SpeedUp("CPU", "threads"), 6);
        Assert.Equal("async", comparison.Fastest("I/O"));
    }

    [Fact]
    public void Record_SamePairTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => { var c = Sample(); c.Record("CPU", "threads", TimeSpan.FromSeconds(1)); });

    [Fact]
    public void ToHtml_MissingPairs_HasARowPerMethodAndBlanksForThem()
    {
        var html = Sample().ToHtml();
        Assert.Contains("<td>async</td>", html);
        Assert.Contains("10.0×", html);
        Assert.Contains("<td style=\"text-align:right\"></td><td style=\"text-align:right\"></td>", html);
    }

    [Fact]
    public void Chart_SeveralJobs_HasOneTracePerJob()
    {
        var json = GenericChart.toFigureJson(Sample().Chart(["I/O", "CPU"], "both"));
        Assert.Contains("\"name\":\"I/O\"", json);
        Assert.Contains("\"name\":\"CPU\"", json);
    }

    [Fact]
    public void Time_Missing_ThrowsNamingPair()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Sample().Time("CPU", "async"));
        Assert.Contains("'async' on 'CPU'", error.Message);
    }

    [Fact]
    public async Task RunAsync_BlockingAndAsyncMethods_TimesOneColdRoundThenWarmRoundsAndRecordsFirstAndBest()
    {
        // Per method: cold run first, then 2 warm rounds. "blocking" takes 50, 20, 30 ms; "async" 40, 10, 5 ms.
        var clock = new ManualClock();
        var lengths = new Dictionary<string, Queue<int>> { ["blocking"] = new([50, 20, 30]), ["async"] = new([40, 10, 5]) };
        var steps = new List<string>();
        var comparison = new Comparison();
        comparison.Add("job", "blocking", () => { steps.Add($"blocking pool={Thread.CurrentThread.IsThreadPoolThread}"); clock.Advance(TimeSpan.FromMilliseconds(lengths["blocking"].Dequeue())); });
        comparison.Add("job", "async", async () => { await Task.Yield(); steps.Add("async"); clock.Advance(TimeSpan.FromMilliseconds(lengths["async"].Dequeue())); });

        await comparison.RunAsync("job", 2, clock, _ => { steps.Add("settle"); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(["blocking pool=False", "async", "settle", "blocking pool=False", "async", "blocking pool=False", "async"], steps);
        Assert.Equal(TimeSpan.FromMilliseconds(50), comparison.ColdTime("job", "blocking"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), comparison.Time("job", "blocking"));
        Assert.Equal(TimeSpan.FromMilliseconds(40), comparison.ColdTime("job", "async"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), comparison.Time("job", "async"));
        // Cold against the baseline's warm 20 ms: its own first run pays for compiling, and must not flatter the others.
        Assert.Equal(0.5, comparison.ColdSpeedUp("job", "async"), 6);
        Assert.Equal(0.4, comparison.ColdSpeedUp("job", "blocking"), 6);
        Assert.Equal(4.0, comparison.SpeedUp("job", "async"), 6);
        Assert.True(comparison.ColdPoolThreads("job", "async") > 0);
        Assert.Contains("the best of 2 runs", comparison.Legend("job"), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NameGivenTwice_ThrowsNamingIt()
    {
        var comparison = new Comparison();
        comparison.Add("job", "same", () => { });
        var error = Assert.Throws<ArgumentException>(() => comparison.Add("job", "same", () => Task.CompletedTask));
        Assert.Contains("'same' on 'job' is added already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_MethodRecordedAlready_Throws()
    {
        var comparison = new Comparison();
        comparison.Record("job", "done", TimeSpan.FromMilliseconds(5));
        var error = Assert.Throws<ArgumentException>(() => comparison.Add("job", "done", () => { }));
        Assert.Contains("recorded already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NothingAdded_ThrowsNamingTheJob()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new Comparison().RunAsync("the job", 1));
        Assert.Contains("the job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_MethodNotMeasuredOnAJob_HasNoBarThere()
    {
        var json = GenericChart.toFigureJson(Sample().Chart(["I/O", "CPU"], "both"));

        // "async" ran only the I/O job and "threads" only the CPU job: each trace lists just its own two methods.
        Assert.Contains("\"x\":[\"sequential\",\"async\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"x\":[\"sequential\",\"threads\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ColdAndWarmRecorded_SaysWhichIsWhich()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000), cold: TimeSpan.FromMilliseconds(1100));
        comparison.Record("I/O", "pool", TimeSpan.FromMilliseconds(100), cold: TimeSpan.FromMilliseconds(550));

        var text = comparison.ToString();

        Assert.Contains("I/O: cold", text, StringComparison.Ordinal);
        Assert.Contains("550 ms · 1.8×", text, StringComparison.Ordinal);
        Assert.Contains("100 ms · 10.0×", text, StringComparison.Ordinal);
        Assert.Contains("cold = each method's first run", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_OfOneJob_ShowsOnlyThatJob()
    {
        var json = GenericChart.toFigureJson(Sample().Chart("CPU"));

        Assert.Contains("\"x\":[\"sequential\",\"threads\"]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("async", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_SomeMethodGained_NamesTheFastest()
    {
        var verdict = Sample().Verdict("I/O");

        Assert.True(Sample().Gained("I/O"));
        Assert.Contains("fastest here async (10.0× warm)", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_NoMethodGained_NamesNoneAndSaysTheRowsMeanNothing()
    {
        var comparison = new Comparison();
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(200));
        comparison.Record("CPU", "threads", TimeSpan.FromMilliseconds(220));
        comparison.Record("CPU", "async", TimeSpan.FromMilliseconds(199));

        var verdict = comparison.Verdict("CPU");

        Assert.False(comparison.Gained("CPU"));
        Assert.DoesNotContain("fastest here", verdict, StringComparison.Ordinal);
        Assert.Contains(Environment.ProcessorCount < 2 ? "one core" : "not meaningful", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Legend_SpeedUps_SaysWhichTimeTheyDivide()
    {
        Assert.Contains("speed-ups divide sequential's warm time", Sample().Legend("CPU"), StringComparison.Ordinal);
    }

    [Fact]
    public void TiedFastest_WithinTheSpread_ListsBoth()
    {
        var comparison = new Comparison();
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(1000), spread: TimeSpan.FromMilliseconds(30));
        comparison.Record("CPU", "threads", TimeSpan.FromMilliseconds(513), spread: TimeSpan.FromMilliseconds(5));
        comparison.Record("CPU", "PLINQ", TimeSpan.FromMilliseconds(504), spread: TimeSpan.FromMilliseconds(20));
        Assert.Equal(["PLINQ", "threads"], comparison.TiedFastest("CPU"));
        Assert.Contains("tied for fastest (PLINQ 504 ms, threads 513 ms)", comparison.Verdict("CPU"), StringComparison.Ordinal);
    }

    [Fact]
    public void TiedFastest_AheadByMoreThanTheSpread_NamesOne()
    {
        var comparison = new Comparison();
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(1000), spread: TimeSpan.FromMilliseconds(30));
        comparison.Record("CPU", "threads", TimeSpan.FromMilliseconds(600), spread: TimeSpan.FromMilliseconds(20));
        comparison.Record("CPU", "PLINQ", TimeSpan.FromMilliseconds(504), spread: TimeSpan.FromMilliseconds(5));
        Assert.Equal(["PLINQ"], comparison.TiedFastest("CPU"));
        Assert.StartsWith("CPU: fastest here PLINQ (2.0× warm)", comparison.Verdict("CPU"), StringComparison.Ordinal);
    }

    [Fact]
    public void TiedFastest_ASlowMethodWithAWideSpread_IsNotTied()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(818), spread: TimeSpan.FromMilliseconds(10));
        comparison.Record("I/O", "processes", TimeSpan.FromMilliseconds(487), spread: TimeSpan.FromMilliseconds(561));
        comparison.Record("I/O", "async", TimeSpan.FromMilliseconds(40), spread: TimeSpan.FromMilliseconds(3));
        Assert.Equal(["async"], comparison.TiedFastest("I/O"));
    }

    [Fact]
    public void Record_NegativeSpread_Throws() =>
        Assert.Throws<ArgumentException>(() => new Comparison().Record("CPU", "threads", TimeSpan.FromSeconds(1), spread: TimeSpan.FromSeconds(-1)));

    [Fact]
    public async Task RunAsync_TwoWarmRounds_RecordsTheirSpread()
    {
        var clock = new ManualClock();
        var lengths = new Queue<int>([50, 20, 30]);
        var comparison = new Comparison();
        comparison.Add("job", "async", () => { clock.Advance(TimeSpan.FromMilliseconds(lengths.Dequeue())); return Task.CompletedTask; });
        await comparison.RunAsync("job", 2, clock, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(TimeSpan.FromMilliseconds(10), comparison.Spread("job", "async"));
    }

    [Fact]
    public void ExplainColdPool_ColdFarBelowWarm_SaysItWaitedForThePool()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "Parallel", TimeSpan.FromMilliseconds(55), cold: TimeSpan.FromMilliseconds(500));
        Assert.EndsWith("its cold run waited for the pool to grow.", comparison.ExplainColdPool("I/O", "Parallel", jobs: 20));
    }

    [Fact]
    public void ExplainColdPool_ColdBelowWarmAndWarmShortOfTheJobCount_SaysTheWarmRunsQueuedToo()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "Parallel", TimeSpan.FromMilliseconds(200), cold: TimeSpan.FromMilliseconds(300));
        Assert.EndsWith("even its warm runs queued for threads: 5.0×, where all 20 jobs waiting at once would give about 20×.",
            comparison.ExplainColdPool("I/O", "Parallel", jobs: 20));
    }

    [Fact]
    public void ExplainColdPool_AlikeAndNearTheJobCount_SaysThreadsEnough()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "Parallel", TimeSpan.FromMilliseconds(55), cold: TimeSpan.FromMilliseconds(60));
        Assert.EndsWith("as the pool already had threads enough.", comparison.ExplainColdPool("I/O", "Parallel", jobs: 20));
    }
}
