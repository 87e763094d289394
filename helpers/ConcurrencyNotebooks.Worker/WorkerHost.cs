using System.Diagnostics;
using System.Reflection;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Serves the pool protocol: reads Load and Run frames from stdin, writes ItemStarted and Result frames back.</summary>
/// <remarks>The function's console output is captured (Console.Out is swapped for a buffer) and sent back in the Result
/// frame; raw stdout goes to stderr (<see cref="ProtocolStreams"/>). The host exits when stdin closes; exit code 1 if any
/// task threw.</remarks>
internal static class WorkerHost
{
    /// <summary>Runs the loop until stdin closes.</summary>
    /// <param name="firstAnswer">Writes what the worker answers its first Run with instead of serving it (a test host's broken
    /// frame, to test the parent's reader), or null.</param>
    public static int Run(Action<Stream>? firstAnswer = null)
    {
        ParentWatchdog.Start();
        using var input = Console.OpenStandardInput();
        using var output = ProtocolStreams.OpenOutput();
        var captured = new StringWriter();
        Console.SetOut(captured);
        var functions = new FunctionTable();
        var writer = new WireWriter(64 * 1024);
        var frames = new FrameReader(input);
        var results = new WireWriter(64 * 1024);
        var failed = false;
        ReadyMessage.WriteFrame(writer);
        output.Write(writer.WrittenSpan);
        output.Flush();

        while (frames.TryReadFrame(out var kind, out var payload))
        {
            if (kind == FrameKind.Load)
            {
                functions.Load(LoadMessage.Read(payload));
                continue;
            }

            if (kind != FrameKind.Run)
            {
                continue;
            }

            if (firstAnswer is { } answer)
            {
                firstAnswer = null;
                answer(output);
                continue;
            }

            var reader = new WireReader(payload);
            var run = RunMessage.Read(ref reader);
            var invoker = functions.Get(run.FunctionId);
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
                    writer.Clear();
                    new ItemStartedMessage(run.TaskId, i).WriteFrame(writer);
                    output.Write(writer.WrittenSpan);
                    output.Flush();
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

            failed |= error is not null;
            var timed = !timeEach ? 1 : error is null ? count : errorIndex + 1;
            if (!timeEach)
            {
                ends[0] = Stopwatch.GetTimestamp();
            }

            var text = captured.ToString();
            captured.GetStringBuilder().Clear();
            writer.Clear();
            ResultMessage.WriteFrame(writer, run.TaskId, resultCount, results.WrittenSpan, new ReadOnlySpan<long>(starts, 0, timed), new ReadOnlySpan<long>(ends, 0, timed),
                text, errorIndex, error);

            // Every result goes out at once, even when the next chunk is already queued: holding it back to share a write
            // would lose it if the next item crashed the process, and the crash would be blamed on the wrong item.
            output.Write(writer.WrittenSpan);
            output.Flush();
        }

        return failed ? 1 : 0;
    }
}
