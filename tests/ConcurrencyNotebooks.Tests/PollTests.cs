namespace ConcurrencyNotebooks.Tests;

/// <summary>The tests' poll helper: returns once the condition holds, and past its bound says what it waited for.</summary>
public sealed class PollTests
{
    [Fact]
    public void Until_ConditionHoldsOnTheThirdLook_Returns()
    {
        var looks = 0;
        Poll.Until(() => ++looks == 3, "the third look");
        Assert.Equal(3, looks);
    }

    [Fact]
    public void Until_ConditionNeverHolds_ThrowsTimeoutNamingWhatItWaitedForAndWhatItSaw()
    {
        var error = Assert.Throws<TimeoutException>(() => Poll.Until(() => false, "a door to open", TimeSpan.FromMilliseconds(1), () => "It stayed shut."));
        Assert.Contains("a door to open", error.Message, StringComparison.Ordinal);
        Assert.Contains("It stayed shut.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilAsync_LookThatReturnsAList_ReturnsTheListThatSatisfiedIt()
    {
        var looks = 0;
        var seen = await Poll.UntilAsync(() => Enumerable.Range(0, ++looks).ToList(), list => list.Count == 2, "two items");
        Assert.Equal([0, 1], seen);
    }

    [Fact]
    public async Task UntilAsync_ConditionNeverHolds_ThrowsTimeoutListingTheLastValueSeen()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Poll.UntilAsync(() => new[] { 4, 5 }, list => list.Length > 2, "three items", TimeSpan.FromMilliseconds(1)));
        Assert.Contains("three items", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 5]", error.Message, StringComparison.Ordinal);
    }
}
