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
        var results = new List<byte[]>();
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
            var count = reader.ReadInt32();
            var starts = new long[count];
            var ends = new long[count];
            Exception? error = null;
            var errorIndex = -1;
            var resultBytes = 0L;
            results.Clear();
            for (var i = 0; i < count; i++)
            {
                var argument = reader.ReadBlock();
                starts[i] = Stopwatch.GetTimestamp();
                try
                {
                    var result = invoker.Invoke(argument);
                    resultBytes += result.Length + 4;
                    results.Add(result);
                }
                catch (Exception e)
                {
                    error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                    errorIndex = i;
                }

                ends[i] = Stopwatch.GetTimestamp();
                if (error is not null)
                {
                    break;
                }

                if (resultBytes > WireFormat.MaxFrameBytes - (1024 * 1024))
                {
                    error = new InvalidOperationException(
                        $"The results of this chunk reached {resultBytes / (1024.0 * 1024.0):0.0} MiB, over the {WireFormat.MaxFrameBytes / (1024 * 1024)} MiB " +
                        "limit of one message back to the pool. Return smaller results (or a file path), or use a smaller chunkSize.");
                    errorIndex = i;
                    results.RemoveAt(results.Count - 1);
                    break;
                }
            }

            failed |= error is not null;
            var timed = error is null ? count : errorIndex + 1;
            var text = captured.ToString();
            captured.GetStringBuilder().Clear();

            writer.Clear();
            writer.BeginFrame(FrameKind.Result);
            writer.WriteInt64(taskId);
            writer.WriteInt32(results.Count);
            foreach (var result in results)
            {
                writer.WriteBlock(result);
            }

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
            output.Write(writer.WrittenSpan);
            output.Flush();
        }

        return failed ? 1 : 0;
    }
}
