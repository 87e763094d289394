using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

/// <summary>The runtime's own events on a timeline, provoked with gates (a held lock, a blocked pool), never timed.</summary>
public sealed class RuntimeEventRecorderTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>Holds <paramref name="gate"/> until <paramref name="waiter"/> is blocked on it (the runtime counted the
    /// contention), then lets it in; returns the waiter's OS and managed thread ids.</summary>
    private static (int Os, int Managed) Contend(Timeline tl, object gate)
    {
        var ids = (Os: 0, Managed: 0);
        var registered = new ManualResetEventSlim();
        var waiter = new Thread(() =>
        {
            ids = (ThreadIdentity.OsThreadId, Environment.CurrentManagedThreadId);
            tl.Mark("waiter ready");
            registered.Set();
            lock (gate)
            {
            }
        });
        lock (gate)
        {
            var before = Monitor.LockContentionCount;
            waiter.Start();
            Assert.True(registered.Wait(HangGuard));
            Poll.Until(() => Blocked(waiter) && Monitor.LockContentionCount > before, "the waiter to block on the held lock", HangGuard);
        }

        Assert.True(waiter.Join(HangGuard));
        return ids;
    }

    /// <summary>True once <paramref name="thread"/> sleeps in a wait (past the spinning, so contention was reported).</summary>
    private static bool Blocked(Thread thread) => (thread.ThreadState & ThreadState.WaitSleepJoin) != 0;

    [Fact]
    public void RecordRuntimeEvents_ContendedLock_RecordsASpanOnTheWaitingThread()
    {
        var tl = new Timeline("contention");
        int os, managed;
        using (tl.RecordRuntimeEvents())
        {
            (os, managed) = Contend(tl, new object());
        }

        var waits = tl.Snapshot().Where(s => s.OsThreadId == os && s.Label.Contains("lock", StringComparison.Ordinal)).ToList();
        var wait = Assert.Single(waits);
        Assert.Equal(managed, wait.ManagedThreadId);
        Assert.Equal(SpanKind.Runtime, wait.Kind);
        Assert.True(wait.EndTicks > wait.StartTicks);
        var trace = tl.ToChromeTrace();
        Assert.True(trace.Contains(wait.Label, StringComparison.Ordinal), trace);
        Assert.Contains("\"cat\":\"runtime\"", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordRuntimeEvents_ContendedLockType_RecordsASpanToo()
    {
        var tl = new Timeline("contention on Lock");
        var gate = new Lock();
        var waiting = new ManualResetEventSlim();
        var osId = 0;
        var waiter = new Thread(() =>
        {
            osId = ThreadIdentity.OsThreadId;
            waiting.Set();
            gate.Enter();
            gate.Exit();
        });
        using (tl.RecordRuntimeEvents())
        {
            gate.Enter();
            var before = Monitor.LockContentionCount;
            waiter.Start();
            Assert.True(waiting.Wait(HangGuard));
            Poll.Until(() => Blocked(waiter) && Monitor.LockContentionCount > before, "the waiter to block on the held lock", HangGuard);
            gate.Exit();
            Assert.True(waiter.Join(HangGuard));
        }

        Assert.Contains(tl.Snapshot(), s => s.OsThreadId == osId && s.Label.Contains("lock", StringComparison.Ordinal));
    }

    [Fact]
    public void Timeline_ByDefault_RecordsNoRuntimeEvents()
    {
        var tl = new Timeline("off");
        var (os, _) = Contend(tl, new object());
        GC.Collect();

        Assert.DoesNotContain(tl.Snapshot(), s => s.OsThreadId == RuntimeEvents.LaneThreadId || (s.OsThreadId == os && s.Kind != SpanKind.Marker));
    }

    [Fact]
    public void RecordRuntimeEvents_InducedGc_RecordsAPauseOnTheRuntimeLane()
    {
        var tl = new Timeline("gc", runtimeEvents: false);
        using (tl.RecordRuntimeEvents())
        {
            GC.Collect();
        }

        var pause = Assert.Single(tl.Snapshot(), s => s.Label.StartsWith("GC pause (gen 2", StringComparison.Ordinal));
        Assert.Equal(RuntimeEvents.LaneThreadId, pause.OsThreadId);
        Assert.Equal(SpanKind.Runtime, pause.Kind);
        Assert.Contains(RuntimeEvents.LaneName, tl.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordRuntimeEvents_StarvedPool_RecordsTheInjectionWithItsReason()
    {
        // The pool may add threads silently up to a target set earlier in this process, so no thread count tells that it
        // adjusted: keep an item queued behind blocked threads (starvation) until the runtime reports an adjustment.
        var tl = new Timeline("starved");
        using var release = new ManualResetEventSlim();
        var queued = 0;
        var finished = 0;
        using (tl.RecordRuntimeEvents())
        {
            try
            {
                Assert.True(SpinWait.SpinUntil(() =>
                {
                    if (ThreadPool.PendingWorkItemCount == 0)
                    {
                        Interlocked.Increment(ref queued);
                        ThreadPool.QueueUserWorkItem(_ =>
                        {
                            release.Wait();
                            Interlocked.Increment(ref finished);
                        });
                    }

                    return tl.Snapshot().Any(IsAdjustment);
                }, HangGuard));
            }
            finally
            {
                release.Set();
            }

            Poll.Until(() => Volatile.Read(ref finished) == Volatile.Read(ref queued), "the released work items to finish", HangGuard);
        }

        Assert.Contains(tl.Snapshot(), IsAdjustment);

        static bool IsAdjustment(SpanRecord s) =>
            s.Kind == SpanKind.Marker && s.OsThreadId == RuntimeEvents.LaneThreadId && s.Label.StartsWith(RuntimeEvents.GoalMarkerPrefix, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_RuntimeEventsOption_DrawsTheWaitBeforeItStops()
    {
        using var tl = new Timeline("on from the start", runtimeEvents: true);
        Contend(tl, new object());

        var text = tl.ToString();
        Assert.Contains("waits for a lock", text, StringComparison.Ordinal);
        Assert.Contains("▚ reported by the runtime", text, StringComparison.Ordinal);
        var figure = Plotly.NET.GenericChart.toFigureJson(TimelineChart.Create(tl));
        Assert.Contains("waits for a lock", figure, StringComparison.Ordinal);
        Assert.Contains("reported by the runtime (lock wait, GC pause)", figure, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_Disposed_StopsItsRuntimeEventListener()
    {
        var tl = new Timeline("stopped");
        var recorder = (RuntimeEventRecorder)tl.RecordRuntimeEvents();
        Assert.False(recorder.IsStopped);

        tl.Dispose();

        Assert.True(recorder.IsStopped);
        recorder.Dispose();
    }

    [Theory]
    [InlineData("ContentionStop", "ContentionStop")]
    [InlineData("ContentionStop_V1", "ContentionStop")]
    [InlineData("GCStart_V2", "GCStart")]
    [InlineData("ThreadPoolWorkerThreadAdjustmentAdjustment", "ThreadPoolWorkerThreadAdjustmentAdjustment")]
    [InlineData("Odd_Vx", "Odd_Vx")]
    [InlineData(null, "")]
    public void BaseName_VersionSuffix_IsDropped(string? name, string expected) =>
        Assert.Equal(expected, RuntimeEvents.BaseName(name));

    [Fact]
    public void RecordRuntimeEvents_TimelineDisposed_Throws()
    {
        var tl = new Timeline("frozen");
        tl.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tl.RecordRuntimeEvents());
    }
}
