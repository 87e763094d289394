using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineQueries04Tests
{
    private static SpanRecord Span(string label, long start, long end, int thread = 1) =>
        new() { Id = start, Label = label, StartTicks = start, EndTicks = end, ManagedThreadId = thread };

    [Fact]
    public void AllRunAtOneMoment_ThreeOverlappingSpans_IsTrue()
    {
        Assert.True(new[] { Span("a", 0, 10), Span("b", 2, 12), Span("c", 5, 20) }.AllRunAtOneMoment());
    }

    [Fact]
    public void AllRunAtOneMoment_OneAfterAnother_IsFalse()
    {
        Assert.False(new[] { Span("a", 0, 10), Span("b", 10, 20) }.AllRunAtOneMoment());
    }

    [Fact]
    public void CountDuringAllOthers_OneItemInsideBothWaits_CountsIt()
    {
        SpanRecord[] spans = [Span("wait 1", 0, 100), Span("wait 2", 10, 90), Span("map item 0", 20, 30),
            Span("map item 1", 95, 99)];
        Assert.Equal(1, spans.CountDuringAllOthers("map item"));
    }

    [Fact]
    public void CountStartedOn_ItemsOnTwoThreads_CountsTheGivenThreadOnly()
    {
        SpanRecord[] spans = [Span("map item 0", 0, 1, thread: 7), Span("map item 1", 0, 1, thread: 9),
            Span("wait", 0, 1, thread: 7)];
        Assert.Equal(1, spans.CountStartedOn("map item", 7));
    }
}
