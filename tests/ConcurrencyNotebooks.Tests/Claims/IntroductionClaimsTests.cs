using ConcurrencyNotebooks.Claims;

namespace ConcurrencyNotebooks.Tests.Claims;

public sealed class IntroductionClaimsTests
{
    private static Dictionary<int, TimeSpan> Times(params (int Threads, int Ms)[] runs) =>
        runs.ToDictionary(r => r.Threads, r => TimeSpan.FromMilliseconds(r.Ms));

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
