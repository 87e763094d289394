using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Clusters;
using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Cluster;

/// <summary>Grains on a two-silo cluster: a turn-based counter loses nothing, a reentrant one loses updates, and a call
/// chain A → B → A deadlocks until Orleans' response timeout unless the callback interleaves.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ActorTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    // A safety net only: every wait below ends by a count, a gate or Orleans' own timeout well before it.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private Clusters.Cluster Cluster => fixture.Cluster;

    [Fact]
    public async Task CountAsync_TurnBased_ConcurrentIncrements_LoseNothing()
    {
        var result = await Cluster.CountAsync(increments: 200, reentrant: false).WaitAsync(SafetyNet);

        Assert.Equal(200, result.Recorded);
        Assert.Equal(200, result.Count);
        Assert.Equal(0, result.Lost);
        Assert.Contains("none lost", ActorClaims.CheckCount(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncrementWhenReadBy_Reentrant_EveryCallReadsBeforeAnyWrites_CountEndsAtOne()
    {
        const int Readers = 8;
        var counter = Cluster.Counter(reentrant: true);

        await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => counter.IncrementWhenReadByAsync(Readers))).WaitAsync(SafetyNet);

        Assert.Equal(1, await counter.GetAsync().WaitAsync(SafetyNet));
    }

    [Fact]
    public async Task CountAsync_Reentrant_EveryIncrementRuns()
    {
        var result = await Cluster.CountAsync(increments: 200, reentrant: true).WaitAsync(SafetyNet);

        Assert.Equal(200, result.Recorded);
        Assert.InRange(result.Count, 1, 200);
    }

    [Fact]
    public async Task CallChainAsync_NonReentrant_EndsInOrleansResponseTimeout()
    {
        var result = await Cluster.CallChainAsync(interleave: false).WaitAsync(SafetyNet);

        Assert.False(result.Finished);
        Assert.Null(result.Path);
        var timeout = Assert.IsType<TimeoutException>(result.Timeout);
        Assert.Contains("Response did not arrive on time", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("IChainGrain.CallbackAsync()", timeout.Message, StringComparison.Ordinal);   // B's call back to A
        Assert.Contains("deadlocked", ActorClaims.CheckCallChain(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallChainAsync_InterleavedCallback_Finishes()
    {
        var result = await Cluster.CallChainAsync(interleave: true).WaitAsync(SafetyNet);

        Assert.True(result.Finished, result.ToString());
        Assert.Equal("A → B → A", result.Path);
        Assert.Equal("finished: A → B → A", ActorClaims.CheckCallChain(result));
    }

    [Fact]
    public void CheckCount_ReentrantThatLostNothing_FailsTheClaim()
    {
        var error = Assert.Throws<ClaimFailedException>(() => ActorClaims.CheckCount(new CountResult(true, 10, 10, 10)));

        Assert.Contains("reentrant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCount_TurnBasedThatLostSome_FailsTheClaim() =>
        Assert.Throws<ClaimFailedException>(() => ActorClaims.CheckCount(new CountResult(false, 10, 10, 9)));

    [Fact]
    public void CheckCallChain_PlainChainThatFinished_FailsTheClaim() =>
        Assert.Throws<ClaimFailedException>(() => ActorClaims.CheckCallChain(new CallChainResult(false, "A → B → A", null)));
}
