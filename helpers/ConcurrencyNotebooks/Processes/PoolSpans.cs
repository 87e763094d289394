using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Turns a chunk's item timings into timeline spans, one per item, in the lane of the worker that ran it.</summary>
internal static class PoolSpans
{
    private static long _lastSpanId;

    /// <summary>Adds the chunk's spans to the timeline; a timeline that is disposed or fails drops them, never the results.</summary>
    public static void Record(Timeline timeline, PoolChunk chunk, ResultMessage result, WorkerConnection worker)
    {
        var lane = $"worker {worker.Index}";   // the timeline adds " (pid n)" to lanes of other processes
        var spans = new SpanRecord[Math.Min(result.StartTicks.Length, chunk.Count)];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = new SpanRecord
            {
                Id = Interlocked.Increment(ref _lastSpanId),
                Label = chunk.Sink.Label(chunk.Offset + i),
                Kind = SpanKind.Process,
                StartTicks = result.StartTicks[i],
                EndTicks = result.EndTicks[i],
                ProcessId = worker.ProcessId,
                OsThreadId = worker.ProcessId,
                EndOsThreadId = worker.ProcessId,
                ThreadName = "worker main thread",
                Lane = lane,
            };
        }

        try
        {
            timeline.Add(spans);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or ArgumentException)
        {
            // The notebook disposed its timeline (or it refused the spans) while the pool still ran: spans are dropped, results are not.
        }
    }
}
