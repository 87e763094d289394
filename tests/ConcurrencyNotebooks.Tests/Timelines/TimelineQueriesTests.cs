using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineQueriesTests
{
    private static long _nextId;

    private static SpanRecord Span(long start, long end, int thread, SpanKind kind = SpanKind.Thread) => new()
    {
        Id = Interlocked.Increment(ref _nextId),
        Label = $"span {start}-{end}",
        Kind = kind,
        StartTicks = start,
        EndTicks = end,
        OsThreadId = thread,
        ManagedThreadId = thread,
        EndOsThreadId = thread,
        EndManagedThreadId = thread,
    };

    private static Timeline With(params SpanRecord[] spans)
    {
        var timeline = new Timeline("queries");
        timeline.Add(spans);
        return timeline;
    }

    [Fact]
    public void PeakConcurrency_ThreeSpansTwoOverlapping_IsTwo()
    {
        var timeline = With(Span(0, 10, 1), Span(5, 15, 2), Span(20, 30, 1));

        Assert.Equal(2, timeline.PeakConcurrency());
    }

    [Fact]
    public void PeakConcurrency_SpanEndingAsAnotherStarts_DoesNotCountAsOverlap()
    {
        Assert.Equal(1, With(Span(0, 10, 1), Span(10, 20, 2)).PeakConcurrency());
    }

    [Fact]
    public void PeakConcurrency_MarkersAndRuntimeRecords_AreLeftOut()
    {
        var timeline = With(Span(0, 10, 1), Span(2, 2, -1, SpanKind.Marker), Span(0, 10, -1, SpanKind.Runtime));

        Assert.Equal(1, timeline.PeakConcurrency());
        Assert.Equal(0, With().PeakConcurrency());
    }

    [Fact]
    public void AllOverlapped_ThereIsAMomentAllRun_IsTrueOtherwiseFalse()
    {
        Assert.True(With(Span(0, 10, 1), Span(5, 15, 2), Span(8, 30, 3)).AllOverlapped());
        Assert.False(With(Span(0, 10, 1), Span(5, 15, 2), Span(12, 30, 3)).AllOverlapped());
        Assert.False(With().AllOverlapped());
    }

    [Fact]
    public void CountOverlappingOtherThreads_OverlapOnTheSameThread_DoesNotCount()
    {
        var timeline = With(Span(0, 10, 1), Span(5, 15, 1), Span(8, 12, 2), Span(40, 50, 3));

        Assert.Equal(3, timeline.CountOverlappingOtherThreads());
    }

    [Fact]
    public void CountOnThread_SpansOnSeveralThreads_CountsTheOnesThatThreadStarted()
    {
        var timeline = With(Span(0, 10, 1), Span(5, 15, 2), Span(20, 30, 1));

        Assert.Equal(2, timeline.CountOnThread(1));
        Assert.Equal(0, timeline.CountOnThread(9));
    }

    [Fact]
    public void WorkElapsed_SeveralSpans_IsFirstStartToLastEnd()
    {
        var timeline = With(Span(100, 200, 1), Span(150, 400, 2));

        Assert.Equal(System.Diagnostics.Stopwatch.GetElapsedTime(100, 400), timeline.WorkElapsed());
        Assert.Equal(TimeSpan.Zero, With().WorkElapsed());
    }

    private static SpanRecord Labelled(string label, long start, long end, int thread = 1) =>
        new() { Id = start, Label = label, StartTicks = start, EndTicks = end, ManagedThreadId = thread };

    [Fact]
    public void AllOverlapped_ThreeOverlappingSpans_IsTrue()
    {
        Assert.True(new[] { Labelled("a", 0, 10), Labelled("b", 2, 12), Labelled("c", 5, 20) }.AllOverlapped());
    }

    [Fact]
    public void AllOverlapped_OneAfterAnother_IsFalse()
    {
        Assert.False(new[] { Labelled("a", 0, 10), Labelled("b", 10, 20) }.AllOverlapped());
    }

    [Fact]
    public void CountDuringAllOthers_OneItemInsideBothWaits_CountsIt()
    {
        SpanRecord[] spans = [Labelled("wait 1", 0, 100), Labelled("wait 2", 10, 90), Labelled("map item 0", 20, 30),
            Labelled("map item 1", 95, 99)];
        Assert.Equal(1, spans.CountDuringAllOthers("map item"));
    }

    [Fact]
    public void CountStartedOn_ItemsOnTwoThreads_CountsTheGivenThreadOnly()
    {
        SpanRecord[] spans = [Labelled("map item 0", 0, 1, thread: 7), Labelled("map item 1", 0, 1, thread: 9),
            Labelled("wait", 0, 1, thread: 7)];
        Assert.Equal(1, spans.CountStartedOn("map item", 7));
    }

    [Fact]
    public async Task WorkerLanes_MixedTimeline_ListsOnlyTheWorkerLane()
    {
        using var tl = await TimelineTestData.MixedAsync();
        Assert.Equal(["worker 2"], tl.WorkerLanes());
    }

    [Fact]
    public async Task WorkerProcessesThatRan_MixedTimeline_ListsTheWorkerPid()
    {
        using var tl = await TimelineTestData.MixedAsync();
        Assert.Equal([TimelineTestData.WorkerPid], tl.WorkerProcessesThatRan());
    }

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
