using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

/// <summary>The counter queries of notebooks 7 and 8.</summary>
public sealed class TimelineQueries0708Tests
{
    [Fact]
    public void PeakOf_SeveralValues_ReturnsTheHighestOfThatCounterOnly()
    {
        var tl = new Timeline("queue");
        tl.RecordCounter("queue length", 1);
        tl.RecordCounter("queue length", 3);
        tl.RecordCounter("queue length", 2);
        tl.RecordCounter("other", 9);
        Assert.Equal(3, tl.PeakOf("queue length"));
    }

    [Fact]
    public void PeakOf_NoSuchCounter_ReturnsZero() => Assert.Equal(0, new Timeline("empty").PeakOf("queue length"));
}
