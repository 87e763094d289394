using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Claims;

public sealed class IntroductionClaimsTests
{
    private static MeasuredTimes<int> Times(params (int Threads, int Ms)[] runs) => Times(null, runs);

    private static MeasuredTimes<int> Times(CpuShare? cpu, params (int Threads, int Ms)[] runs) =>
        new(runs.Select(r => (r.Threads, TimeSpan.FromMilliseconds(r.Ms), cpu)));

    [Fact]
    public void CheckThreadsSpeedUp_NoSpeedUpOnAFreeMachine_Throws()
    {
        // Serialized threads on an otherwise idle machine: one core of two sat unused.
        var free = new CpuShare(Ours: 1.0, Others: 0.05, Cores: 2);
        Assert.Throws<ClaimFailedException>(() =>
            IntroductionClaims.CheckThreadsSpeedUp(Times(free, (1, 100), (2, 98), (4, 99)), cores: 2, slices: 64));
    }

    [Fact]
    public void CheckThreadsSpeedUp_NoSpeedUpThreadsBusyMachineFree_Throws()
    {
        // Both cores busy with this process's own threads (each doing the whole job) is no speed-up either.
        var ours = new CpuShare(Ours: 2.0, Others: 0.0, Cores: 2);
        Assert.Throws<ClaimFailedException>(() =>
            IntroductionClaims.CheckThreadsSpeedUp(Times(ours, (1, 100), (2, 99)), cores: 2, slices: 64));
    }

    [Fact]
    public void CheckThreadsSpeedUp_NoSpeedUpWhileOtherProgramsHeldACore_SaysNotCheckedAndHowBusy()
    {
        var busy = new CpuShare(Ours: 1.3, Others: 0.7, Cores: 2);
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times(busy, (1, 100), (2, 95), (4, 97)), cores: 2, slices: 64);
        Assert.StartsWith("Not checked", line);
        Assert.Contains("at most 1.3 of the 2 cores free", line);
    }

    [Fact]
    public void CheckThreadsSpeedUp_OneThreadedRunHadTheMachineFree_Throws()
    {
        var runs = new MeasuredTimes<int>([
            (1, TimeSpan.FromMilliseconds(100), new CpuShare(1.0, 0.9, 2)),
            (2, TimeSpan.FromMilliseconds(95), new CpuShare(1.2, 0.8, 2)),
            (4, TimeSpan.FromMilliseconds(97), new CpuShare(1.0, 0.1, 2)),
        ]);
        Assert.Throws<ClaimFailedException>(() => IntroductionClaims.CheckThreadsSpeedUp(runs, cores: 2, slices: 64));
    }

    [Theory]
    [InlineData(0.45, false)]
    [InlineData(0.35, true)]
    public void CheckThreadsSpeedUp_NoSpeedUp_JudgedOnlyWithTheFloorPlusSpareCoresFree(double others, bool throws)
    {
        // Floor 1.3 plus 0.3 spare: a run is judged when other programs left at least 1.6 of 2 cores free.
        var runs = Times(new CpuShare(Ours: 1.0, Others: others, Cores: 2), (1, 100), (2, 97));
        var check = () => IntroductionClaims.CheckThreadsSpeedUp(runs, cores: 2, slices: 64);
        if (throws)
        {
            Assert.Throws<ClaimFailedException>(check);
        }
        else
        {
            Assert.StartsWith("Not checked", check());
        }
    }

    [Fact]
    public void DescribeSpeedUps_MoreThreadsGainWhileOthersGotLess_SaysTheyTookABiggerShare()
    {
        var runs = new MeasuredTimes<int>([
            (1, TimeSpan.FromMilliseconds(100), new CpuShare(1.0, 0.9, 2)),
            (2, TimeSpan.FromMilliseconds(83), new CpuShare(1.3, 0.7, 2)),
            (4, TimeSpan.FromMilliseconds(70), new CpuShare(1.6, 0.4, 2)),
        ]);
        var second = IntroductionClaims.DescribeSpeedUps(runs, cores: 2, slices: 64).Split('\n')[1];
        Assert.Contains("4 threads cannot all run at once on 2 cores", second);
        Assert.Contains("bigger share of the machine from other programs (those used 0.4 cores during these runs, 0.7", second);
    }

    [Fact]
    public void DescribeSpeedUps_MoreThreadsGainOnAFreeMachine_CreditsEvenerShares()
    {
        var free = new CpuShare(Ours: 1.9, Others: 0.0, Cores: 2);
        var second = IntroductionClaims.DescribeSpeedUps(Times(free, (1, 100), (2, 60), (4, 52)), cores: 2, slices: 64).Split('\n')[1];
        Assert.Contains("shares of the slices that ended more evenly", second);
    }

    [Fact]
    public void CheckThreadsSpeedUp_FastEnoughOnABusyMachine_Passes()
    {
        var busy = new CpuShare(Ours: 1.6, Others: 0.4, Cores: 2);
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times(busy, (1, 100), (2, 70), (4, 60)), cores: 2, slices: 64);
        Assert.StartsWith("✔", line);
    }

    [Fact]
    public void DescribeSpeedUps_LowSpeedUpOnBusyMachine_SaysHowManyCoresOthersUsed()
    {
        var busy = new CpuShare(Ours: 1.3, Others: 0.7, Cores: 2);
        var first = IntroductionClaims.DescribeSpeedUps(Times(busy, (1, 100), (2, 95)), cores: 2, slices: 64).Split('\n')[0];
        Assert.Contains("other programs left only 1.3 of the 2 cores free", first);
        Assert.Contains("this process kept 1.3 cores busy, other programs 0.7", first);
    }

    [Fact]
    public void DescribeSpeedUps_LowSpeedUpOnFreeMachine_SaysTheCoresWereFree()
    {
        var free = new CpuShare(Ours: 1.0, Others: 0.0, Cores: 2);
        var first = IntroductionClaims.DescribeSpeedUps(Times(free, (1, 100), (2, 95)), cores: 2, slices: 64).Split('\n')[0];
        Assert.Contains("although other programs left the cores free", first);
        Assert.Contains("this process kept 1.0 cores busy, other programs 0.0", first);
    }

    [Fact]
    public void DescribeSpeedUps_LowSpeedUpNoReport_SaysItIsNotReported()
    {
        var first = IntroductionClaims.DescribeSpeedUps(Times((1, 100), (2, 95)), cores: 2, slices: 64).Split('\n')[0];
        Assert.Contains("not known here", first);
        Assert.DoesNotContain("probably", first);
    }

    [Fact]
    public void CheckThreadsSpeedUp_OneSliceNoSpeedUp_SaysWhyInsteadOfThrowing()
    {
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times((1, 100), (2, 101), (4, 102)), cores: 2, slices: 1);
        Assert.Contains("only one thread has work", line);
        Assert.DoesNotContain("busy", line);
    }

    [Fact]
    public void CheckThreadsSpeedUp_JobOfAFewMilliseconds_SaysWhyInsteadOfThrowing()
    {
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times((1, 20), (2, 18), (4, 19)), cores: 2, slices: 64);

        Assert.Contains("too short to measure a speed-up", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckThreadsSpeedUp_ManySlicesNoSpeedUp_Throws()
    {
        Assert.Throws<ClaimFailedException>(() =>
            IntroductionClaims.CheckThreadsSpeedUp(Times((1, 100), (2, 95), (4, 96)), cores: 2, slices: 64));
    }

    [Fact]
    public void CheckThreadsSpeedUp_TwoSlicesUnevenShares_PassesAtTheLowerFloor()
    {
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times((1, 100), (2, 80), (4, 81)), cores: 2, slices: 2);
        Assert.StartsWith("✔", line);
    }

    [Fact]
    public void CheckThreadsSpeedUp_OneCore_ChecksNothing()
    {
        var line = IntroductionClaims.CheckThreadsSpeedUp(Times((1, 100), (2, 100)), cores: 1, slices: 64);
        Assert.Contains("one core", line);
    }

    [Fact]
    public void DescribeSpeedUps_OneSlice_SaysThreadsCannotHelp()
    {
        var text = IntroductionClaims.DescribeSpeedUps(Times((1, 100), (2, 100), (4, 100)), cores: 2, slices: 1);
        Assert.Contains("threads cannot speed it up", text);
        Assert.DoesNotContain("other programs", text.Split('\n')[0]);
    }

    [Fact]
    public void DescribeSpeedUps_MoreThreadsNoGain_SaysTheyTakeTurns()
    {
        var text = IntroductionClaims.DescribeSpeedUps(Times((1, 100), (2, 52), (4, 53)), cores: 2, slices: 64);
        Assert.Contains("take turns", text);
    }

    [Fact]
    public void DescribeGilRun_GilOnAndTwoCoresBusy_Throws()
    {
        Assert.Throws<ClaimFailedException>(() => IntroductionClaims.DescribeGilRun("python3", [1.0, 0.5, 1, 1.9]));
    }

    [Fact]
    public void DescribeGilRun_GilOnOneCoreBusy_SaysTheyTookTurns()
    {
        Assert.Contains("took turns", IntroductionClaims.DescribeGilRun("python3", [1.0, 1.0, 1, 1.0]));
    }

    [Fact]
    public void DescribeGilRun_GilOnWallClockFasterButOneCoreBusy_BlamesTheMachineNotParallelism()
    {
        var text = IntroductionClaims.DescribeGilRun("python3", [1.12, 0.63, 1, 0.30]);
        Assert.Contains("not from running in parallel", text);
        Assert.DoesNotContain("barely", text);
    }

    [Fact]
    public void DescribeGilRun_GilOff_ChecksNothing()
    {
        Assert.Contains("GIL off", IntroductionClaims.DescribeGilRun("python3.14t", [1.0, 0.5, 0, 1.9]));
    }
}
