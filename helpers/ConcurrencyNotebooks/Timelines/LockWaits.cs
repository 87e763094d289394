using System.Globalization;
using System.Text;
using ConcurrencyNotebooks.Claims;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Notebook 6's questions to a timeline recorded with runtime events: who waited for a lock, how long.</summary>
public static class LockWaits
{
    /// <summary>The label the runtime-event recorder gives a lock wait (a contention event).</summary>
    public const string LockWaitLabel = "waits for a lock";

    /// <summary>Describes the lock waits the runtime reported for the thread that made the mark <paramref name="askedMark"/>,
    /// against the span <paramref name="heldSpan"/> of the thread that held the lock; lists any other waits on the chart.</summary>
    /// <param name="timeline">A timeline that recorded runtime events.</param>
    /// <param name="askedMark">The label of the mark the waiting thread made just before asking for the lock.</param>
    /// <param name="heldSpan">The label of the span during which the other thread held the lock.</param>
    /// <returns>Lines in milliseconds from the timeline's start.</returns>
    /// <exception cref="ClaimFailedException">The runtime reported no wait on the asking thread.</exception>
    /// <exception cref="InvalidOperationException">The mark or the span is missing or not unique.</exception>
    public static string DescribeLockWait(this Timeline timeline, string askedMark, string heldSpan)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var spans = timeline.Spans;
        var asked = spans.Single(s => s.Label == askedMark);
        var held = spans.Single(s => s.Label == heldSpan);
        var waits = spans.Where(s => s.Label.Contains(LockWaitLabel, StringComparison.Ordinal)).ToList();
        var mine = waits.Where(s => s.OsThreadId == asked.OsThreadId).OrderBy(s => s.StartTicks).ToList();
        Claim.That(mine.Count > 0, "the runtime reports the wait of the thread that asked for a held lock",
            $"no contention event on that thread ({waits.Count} on others)");
        double Ms(long ticks) => System.Diagnostics.Stopwatch.GetElapsedTime(timeline.StartTicks, ticks).TotalMilliseconds;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"The asking thread asked at {Ms(asked.StartTicks):F1} ms and waited " +
            $"{mine.Sum(w => w.Duration.TotalMilliseconds):F1} ms, until {Ms(mine[^1].EndTicks):F1} ms; " +
            $"the holder held the lock until {Ms(held.EndTicks):F1} ms.");
        foreach (var other in waits.Except(mine))
        {
            var who = other.OsThreadId == held.OsThreadId ? "the holder's thread" : "a thread outside this demo";
            text.AppendLine().Append(CultureInfo.InvariantCulture,
                $"Also on the chart: a {other.Duration.TotalMilliseconds:F2} ms wait of {who}.");
        }

        return text.ToString();
    }
}
