using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class MeasureTests
{
    [Fact]
    public void Best_RunsOfKnownLengths_WarmsUpSettlesOnceAndReturnsTheFastestTimedRun()
    {
        // The warm-up is the fastest of all: it must not count. The timed runs take 40, 10, 30 and 20 ms.
        var clock = new ManualClock();
        var lengths = new Queue<int>([1, 40, 10, 30, 20]);
        var steps = new List<string>();

        var best = Measure.Best(
            () => { steps.Add("run"); clock.Advance(TimeSpan.FromMilliseconds(lengths.Dequeue())); },
            runs: 4,
            clock,
            _ => steps.Add("settle"),
            CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(10), best);
        Assert.Equal(["run", "settle", "run", "run", "run", "run"], steps);
    }

    [Fact]
    public async Task BestCore_AsyncRunsOfKnownLengths_ReturnsTheFastestTimedRun()
    {
        var clock = new ManualClock();
        var lengths = new Queue<int>([1, 25, 15]);
        var settled = 0;

        var best = await Measure.BestCore(
            async () => { await Task.Yield(); clock.Advance(TimeSpan.FromMilliseconds(lengths.Dequeue())); },
            runs: 2,
            _ => { settled++; return Task.CompletedTask; },
            clock,
            CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(15), best);
        Assert.Empty(lengths);
        Assert.Equal(1, settled);
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
    public void BestOfEach_Keys_RunsEveryKeyEachRoundPlusWarmUpInterleavedAndKeepsEachFastest()
    {
        // Per key and round (warm-up first): key 1 takes 1, 30, 20 ms; key 2 takes 1, 5, 7 ms.
        var clock = new ManualClock();
        var lengths = new Dictionary<int, Queue<int>> { [1] = new([1, 30, 20]), [2] = new([1, 5, 7]) };
        var steps = new List<string>();

        var best = Measure.BestOfEach(
            [1, 2],
            n => { steps.Add($"{n}"); clock.Advance(TimeSpan.FromMilliseconds(lengths[n].Dequeue())); },
            rounds: 2,
            "timing rounds",
            clock,
            _ => steps.Add("settle"),
            () => null,
            CancellationToken.None);

        Assert.Equal(["1", "2", "settle", "1", "2", "1", "2"], steps);
        Assert.Equal([1, 2], best.Keys);
        Assert.Equal(TimeSpan.FromMilliseconds(20), best[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(5), best[2]);
    }

    [Fact]
    public void BestOfEach_CpuSamples_AddsUpTheTimedRunsOfEachKey()
    {
        // Key 1 takes 1 (warm-up), 30, 20 ms; the samples around each run count up so each run's share differs.
        var clock = new ManualClock();
        var lengths = new Queue<int>([1, 30, 20]);
        var process = 0L;
        var total = 0L;
        var idle = 0L;
        var run = 0;
        CpuSample? Sample() => new CpuSample(total, idle, process, Cores: 2);

        var best = Measure.BestOfEach(
            [1],
            _ =>
            {
                run++;
                clock.Advance(TimeSpan.FromMilliseconds(lengths.Dequeue()));
                // Each run is 10 ticks of machine time, 5 of them ours: the warm-up had 9 idle, run 2 had 4, run 3 had 2.
                total += 10;
                idle += run switch { 1 => 9, 2 => 4, _ => 2 };
                process += run == 1 ? 0 : 5;
            },
            rounds: 2,
            "timing rounds",
            clock,
            _ => { },
            Sample,
            CancellationToken.None);

        var cpu = best.CpuDuring(1);
        Assert.NotNull(cpu);
        // The timed runs only: 20 ticks, 6 idle, 10 ours → 1.0 core ours, 0.4 others'.
        Assert.Equal(1.0, cpu.Value.Ours, precision: 6);
        Assert.Equal(0.4, cpu.Value.Others, precision: 6);
    }

    [Fact]
    public void BestOfEach_RepeatedKey_Throws() =>
        Assert.Throws<ArgumentException>(() => Measure.BestOfEach([1, 1], _ => { }));
}
