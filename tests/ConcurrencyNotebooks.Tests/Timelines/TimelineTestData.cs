using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

/// <summary>Builds timelines with a known shape: main work, a named thread, a pool thread, a hop, a marker, a worker process.</summary>
internal static class TimelineTestData
{
    public const int WorkerPid = 424242;

    /// <summary>Records on a dedicated "cell" thread (as the kernel does), so main is never a pool thread.</summary>
    public static Task<Timeline> MixedAsync()
    {
        Timeline? tl = null;
        var cell = new Thread(() => tl = Record());
        cell.Start();
        cell.Join();
        return Task.FromResult(tl!);
    }

    private static Timeline Record()
    {
        var tl = new Timeline("mixed");
        using (tl.Span("on main"))
        {
            tl.Mark("cancel requested");
        }

        var thread = new Thread(() => tl.Record("on named thread", () => { })) { Name = "downloader" };
        thread.Start();
        thread.Join();

        Task.Run(() => tl.Record("on pool", () => { })).Wait();

        var gate = new HopGate("completer");
        Task.Run(async () =>
        {
            using (tl.Span("hopping"))
            {
                await gate;
            }
        }).Wait();
        gate.Completer.Join();

        var start = tl.StartTicks;
        tl.Add([new SpanRecord
        {
            Id = 1, Label = "job in worker", Kind = SpanKind.Process, StartTicks = start + 1000, EndTicks = start + 2000,
            ProcessId = WorkerPid, OsThreadId = 7, ManagedThreadId = 1, EndOsThreadId = 7, EndManagedThreadId = 1, Lane = "worker 2",
        }]);
        return tl;
    }
}
