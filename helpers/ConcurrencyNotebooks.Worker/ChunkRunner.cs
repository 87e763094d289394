using System.Diagnostics;
using System.Reflection;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Runs one Run payload (a chunk of items of one function) and writes the Result frame that answers it.</summary>
/// <remarks>Shared by the pool's worker loop (<see cref="WorkerHost"/>) and the cluster's silos, which receive the same
/// payload bytes in a grain call: one invoker path for both.</remarks>
internal static class ChunkRunner
{
    /// <summary>Runs every item of the chunk, stopping at the first that throws, and writes the Result frame.</summary>
    /// <param name="payload">The Run frame's payload.</param>
    /// <param name="invokers">Returns the invoker of a function id.</param>
    /// <param name="results">A scratch buffer for the results' JSON (cleared here).</param>
    /// <param name="writer">Receives the Result frame (cleared first).</param>
    /// <param name="reportStart">Called with the task id and item index before each item when the Run asks for item starts, or null.</param>
    /// <param name="takeOutput">Returns the console output the function wrote since the last call.</param>
    /// <returns>False when an item threw.</returns>
    public static bool Run(ReadOnlySpan<byte> payload, Func<int, Invoker> invokers, WireWriter results, WireWriter writer,
        Action<long, int>? reportStart, Func<string> takeOutput)
    {
        var reader = new WireReader(payload);
        var run = RunMessage.Read(ref reader);
        var invoker = invokers(run.FunctionId);
        var timeEach = (run.Flags & RunFlags.TimeEachItem) != 0;
        var reportStarts = (run.Flags & RunFlags.ReportItemStarts) != 0;
        var count = run.Count;
        var starts = new long[timeEach ? count : 1];
        var ends = new long[timeEach ? count : 1];
        if (!timeEach)
        {
            starts[0] = Stopwatch.GetTimestamp();   // the chunk as a whole; per item below otherwise
        }

        Exception? error = null;
        var errorIndex = -1;
        var resultCount = 0;
        results.Clear();
        for (var i = 0; i < count; i++)
        {
            var argument = reader.ReadBlock();
            if (reportStarts)
            {
                reportStart?.Invoke(run.TaskId, i);
            }

            if (timeEach)
            {
                starts[i] = Stopwatch.GetTimestamp();
            }

            var before = results.Length;
            try
            {
                invoker.Invoke(argument, results);
                resultCount++;
            }
            catch (Exception e)
            {
                error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                errorIndex = i;
            }

            if (timeEach)
            {
                ends[i] = Stopwatch.GetTimestamp();
            }

            if (error is not null)
            {
                break;
            }

            if (results.Length > WireFormat.MaxFrameBytes - (1024 * 1024))
            {
                error = new InvalidOperationException(
                    $"The results of this chunk reached {results.Length / (1024.0 * 1024.0):0.0} MiB, over the {WireFormat.MaxFrameBytes / (1024 * 1024)} MiB " +
                    "limit of one message back to the pool. Return smaller results (or a file path), or use a smaller chunkSize.");
                errorIndex = i;
                results.Truncate(before);
                resultCount--;
                break;
            }
        }

        var timed = !timeEach ? 1 : error is null ? count : errorIndex + 1;
        if (!timeEach)
        {
            ends[0] = Stopwatch.GetTimestamp();
        }

        var text = takeOutput();
        writer.Clear();
        ResultMessage.WriteFrame(writer, run.TaskId, resultCount, results.WrittenSpan, new ReadOnlySpan<long>(starts, 0, timed), new ReadOnlySpan<long>(ends, 0, timed),
            text, errorIndex, error);
        return error is null;
    }
}
