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
        void ReportStart(long taskId, int index)
        {
            writer.Clear();
            new ItemStartedMessage(taskId, index).WriteFrame(writer);
            output.Write(writer.WrittenSpan);
            output.Flush();
        }

        string TakeOutput()
        {
            var text = captured.ToString();
            captured.GetStringBuilder().Clear();
            return text;
        }

        Action<long, int> reportStart = ReportStart;
        Func<int, Invoker> invokers = functions.Get;
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

            failed |= !ChunkRunner.Run(payload, invokers, results, writer, reportStart, TakeOutput);

            // Every result goes out at once, even when the next chunk is already queued: holding it back to share a write
            // would lose it if the next item crashed the process, and the crash would be blamed on the wrong item.
            output.Write(writer.WrittenSpan);
            output.Flush();
        }

        return failed ? 1 : 0;
    }
}
