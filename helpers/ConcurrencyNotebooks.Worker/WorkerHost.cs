using System.Diagnostics;
using System.Reflection;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Serves the pool protocol: reads Load and Run frames from stdin, writes Result frames to stdout.</summary>
/// <remarks>The function's own console output is captured (Console.Out is swapped for a buffer) and sent back in the
/// Result frame, so it never mixes with the protocol. The host exits when stdin closes; exit code 1 if any task threw.</remarks>
internal static class WorkerHost
{
    /// <summary>Runs the loop until stdin closes.</summary>
    public static int Run()
    {
        ParentWatchdog.Start();
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        var captured = new StringWriter();
        Console.SetOut(captured);
        var functions = new FunctionTable();
        var writer = new WireWriter(64 * 1024);
        var frames = new FrameReader(input);
        var results = new WireWriter(64 * 1024);
        var failed = false;

        while (frames.TryReadFrame(out var kind, out var payload))
        {
            if (kind == FrameKind.Load)
            {
                functions.Load(payload);
                continue;
            }

            if (kind != FrameKind.Run)
            {
                continue;
            }

            var reader = new WireReader(payload);
            var taskId = reader.ReadInt64();
            var invoker = functions.Get(reader.ReadInt32());
            var timeEach = (reader.ReadByte() & WireFormat.TimeEachItem) != 0;
            var count = reader.ReadInt32();
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

            writer.BeginFrame(FrameKind.Result);
            writer.WriteInt64(taskId);
            writer.WriteInt32(resultCount);
            writer.WriteRaw(results.WrittenSpan);

            writer.WriteInt32(timed);
            for (var i = 0; i < timed; i++)
            {
                writer.WriteInt64(starts[i]);
                writer.WriteInt64(ends[i]);
            }

            writer.WriteString(text);
            writer.WriteByte(error is null ? (byte)0 : (byte)1);
            if (error is not null)
            {
                writer.WriteInt32(errorIndex);
                writer.WriteString(error.GetType().FullName);
                writer.WriteString(error.Message);
                writer.WriteString(error.ToString());
            }

            writer.EndFrame();

            // Every result goes out at once, even when the next chunk is already queued: holding it back to share a write
            // would lose it if the next item crashed the process, and the crash would be blamed on the wrong item.
            output.Write(writer.WrittenSpan);
            output.Flush();
            writer.Clear();
        }

        return failed ? 1 : 0;
    }
}
