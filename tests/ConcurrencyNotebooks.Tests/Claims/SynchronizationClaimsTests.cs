using ConcurrencyNotebooks.Claims;

namespace ConcurrencyNotebooks.Tests.Claims;

/// <summary>Notebook 6's check of its asyncio twin, fed the numbers the script could print.</summary>
public sealed class SynchronizationClaimsTests
{
    [Fact]
    public void CheckAsyncioCounter_BetweenExactOnOneThread_SaysExact()
    {
        var line = SynchronizationClaims.CheckAsyncioCounter("between", [1000, 1000, 1]);

        Assert.Contains("exact", line);
        Assert.Contains("1,000", line);
    }

    [Fact]
    public void CheckAsyncioCounter_InsideLosingUpdates_SaysHowManyWereLost()
    {
        var line = SynchronizationClaims.CheckAsyncioCounter("inside", [1000, 10, 1]);

        Assert.Contains("990 updates lost", line);
    }

    [Fact]
    public void CheckAsyncioCounter_InsideExact_Throws() =>
        Assert.Throws<ClaimFailedException>(() => SynchronizationClaims.CheckAsyncioCounter("inside", [1000, 1000, 1]));

    [Fact]
    public void CheckAsyncioCounter_LockedLosingUpdates_Throws() =>
        Assert.Throws<ClaimFailedException>(() => SynchronizationClaims.CheckAsyncioCounter("locked", [1000, 999, 1]));

    [Fact]
    public void CheckAsyncioCounter_TwoThreads_Throws() =>
        Assert.Throws<ClaimFailedException>(() => SynchronizationClaims.CheckAsyncioCounter("between", [1000, 1000, 2]));

    [Fact]
    public void CheckJitOptimizations_OutsideAnApp_HoldsOnlyForUnoptimizedCellsAndOptimizedWorkers()
    {
        Assert.Equal("", SynchronizationClaims.CheckJitOptimizations(cellOptimized: false, workerOptimized: true));
        Assert.Throws<ClaimFailedException>(() => SynchronizationClaims.CheckJitOptimizations(cellOptimized: true, workerOptimized: true));
        Assert.Throws<ClaimFailedException>(() => SynchronizationClaims.CheckJitOptimizations(cellOptimized: false, workerOptimized: false));
    }
}
