using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Demos;

/// <summary>CrashOutcome tells a crashed worker from one that threw or returned.</summary>
public sealed class CrashOutcomeTests
{
    [Fact]
    public void Of_CallReturns_NotCrashedAndShowsTheValues()
    {
        var outcome = CrashOutcome.Of(() => new[] { 1, 2 });
        Assert.False(outcome.Crashed);
        Assert.Equal("✔ the worker survived and returned [1, 2]", outcome.ToString());
    }

    [Fact]
    public void Of_CallThrowsRemoteTaskException_NotCrashedAndQuotesIt()
    {
        var outcome = CrashOutcome.Of<int>(() =>
            throw new RemoteTaskException("job", 4, "System.AggregateException", "two failed", "", 0, 1));
        Assert.False(outcome.Crashed);
        Assert.Contains("System.AggregateException: two failed", outcome.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_WorkerCrashed_Crashed()
    {
        var outcome = CrashOutcome.Of<int>(() => throw new WorkerCrashedException(0, 1, 134, "aborted", "job", 1, ""));
        Assert.True(outcome.Crashed);
        Assert.StartsWith("✘ the worker's process ended", outcome.Description, StringComparison.Ordinal);
    }
}
