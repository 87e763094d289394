using System.Diagnostics;
using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

/// <summary>Notebook 6's lock-wait description, over spans placed by hand (no real contention needed).</summary>
public sealed class LockWaitsTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    private static SpanRecord Span(long id, string label, int thread, long startMs, long endMs, long start, SpanKind kind = SpanKind.Thread) =>
        new()
        {
            Id = id, Label = label, Kind = kind, StartTicks = start + (startMs * Ms), EndTicks = start + (endMs * Ms),
            OsThreadId = thread, EndOsThreadId = thread, ManagedThreadId = thread, EndManagedThreadId = thread,
        };

    private static Timeline WithSpans(bool waitOnAsker)
    {
        var tl = new Timeline("lock");
        var s = tl.StartTicks;
        var spans = new List<SpanRecord>
        {
            Span(1, "thread 0 holds the lock", 10, 0, 500, s),
            Span(2, "thread 1 asks for the lock", 11, 5, 5, s, SpanKind.Marker),
            Span(3, "waits for a lock (contention)", waitOnAsker ? 11 : 12, 6, 500, s, SpanKind.Runtime),
        };
        tl.Add(spans);
        return tl;
    }

    [Fact]
    public void DescribeLockWait_WaitOnAsker_ReportsItsLengthAndEnd()
    {
        using var tl = WithSpans(waitOnAsker: true);

        var text = tl.DescribeLockWait("thread 1 asks for the lock", "thread 0 holds the lock");

        Assert.Contains("waited 494.0 ms, until 500.0 ms", text);
        Assert.Contains("held the lock until 500.0 ms", text);
    }

    [Fact]
    public void DescribeLockWait_NoWaitOnAsker_Throws()
    {
        using var tl = WithSpans(waitOnAsker: false);

        Assert.Throws<ClaimFailedException>(() => tl.DescribeLockWait("thread 1 asks for the lock", "thread 0 holds the lock"));
    }
}
