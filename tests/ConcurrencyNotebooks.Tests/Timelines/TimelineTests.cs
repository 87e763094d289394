using System.Diagnostics;
using System.Text.Json;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TimelineTests
{
    [Fact]
    public void Span_Disposed_RecordsLabelTimesAndThread()
    {
        var tl = new Timeline("t");
        var before = Stopwatch.GetTimestamp();
        using (tl.Span("work"))
        {
        }

        var after = Stopwatch.GetTimestamp();
        var span = Assert.Single(tl.Snapshot());
        Assert.Equal("work", span.Label);
        Assert.Equal(SpanKind.Thread, span.Kind);
        Assert.InRange(span.StartTicks, before, span.EndTicks);
        Assert.InRange(span.EndTicks, span.StartTicks, after);
        Assert.False(span.IsUnfinished);
        Assert.False(span.Hopped);
        Assert.Equal(Environment.ProcessId, span.ProcessId);
        Assert.Equal(Environment.CurrentManagedThreadId, span.ManagedThreadId);
        Assert.Equal(span.OsThreadId, span.EndOsThreadId);
        Assert.Equal(tl.MainOsThreadId, span.OsThreadId);
        Assert.Null(span.ParentId);
    }

    [SkippableFact]
    public void Span_OsThreadId_IsTheLinuxTid()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the shared-clock and gettid facts are Linux facts");

        var tl = new Timeline("t");
        var tid = 0;
        var thread = new Thread(() =>
        {
            tid = int.Parse(Path.GetFileName(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(false)!.FullName), System.Globalization.CultureInfo.InvariantCulture);
            using (tl.Span("on thread"))
            {
            }
        });
        thread.Start();
        thread.Join();
        Assert.Equal(tid, Assert.Single(tl.Snapshot()).OsThreadId);
    }

    [Fact]
    public void Span_Nested_RecordsParentId()
    {
        var tl = new Timeline("t");
        long outerId;
        using (var outer = tl.Span("outer"))
        {
            outerId = outer.Id;
            using (tl.Span("inner"))
            {
            }
        }

        using (tl.Span("after"))
        {
        }

        var spans = tl.Snapshot();
        Assert.Equal(outerId, spans.Single(s => s.Label == "inner").ParentId);
        Assert.Null(spans.Single(s => s.Label == "outer").ParentId);
        Assert.Null(spans.Single(s => s.Label == "after").ParentId);
    }

    [Fact]
    public async Task AsyncSpan_AcrossAwaitOnAnotherThread_RecordsHopAndKeepsNesting()
    {
        var tl = new Timeline("t");
        var gate = new HopGate("completer");
        var resumedOn = 0;
        long outerId = 0;

        // Task.Run: no synchronization context, so the continuation runs on the completer thread itself.
        await Task.Run(async () =>
        {
            using (var outer = tl.AsyncSpan("outer"))
            {
                outerId = outer.Id;
                await gate;
                resumedOn = Environment.CurrentManagedThreadId;
                using (tl.Span("inner after await"))
                {
                }
            }
        });

        gate.Completer.Join();
        var spans = tl.Snapshot();
        var outerSpan = spans.Single(s => s.Label == "outer");
        var inner = spans.Single(s => s.Label == "inner after await");
        Assert.Equal(gate.Completer.ManagedThreadId, resumedOn);
        Assert.True(outerSpan.Hopped);
        Assert.Equal(SpanKind.Async, outerSpan.Kind);
        Assert.Equal(gate.Completer.ManagedThreadId, outerSpan.EndManagedThreadId);
        Assert.NotEqual(outerSpan.OsThreadId, outerSpan.EndOsThreadId);
        Assert.True(outerSpan.IsThreadPoolThread);
        Assert.False(outerSpan.EndIsThreadPoolThread);
        Assert.Equal(outerId, inner.ParentId);
        Assert.Equal(gate.Completer.ManagedThreadId, inner.ManagedThreadId);
        Assert.Equal("completer", inner.ThreadName);
    }

    [Fact]
    public async Task AsyncSpan_TwoMethodsInterleavingOnOneThread_EachKeepsItsOwnParent()
    {
        var tl = new Timeline("t");
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();

        async Task Job(string name, Task wait)
        {
            using (tl.AsyncSpan(name))
            {
                await wait;   // both jobs start on this thread and suspend here before either resumes
                using (tl.Span($"{name} child"))
                {
                }
            }
        }

        long rootId;
        Task both;
        using (var root = tl.Span("root"))
        {
            rootId = root.Id;
            both = Task.WhenAll(Job("a", first.Task), Job("b", second.Task));
        }

        second.SetResult();
        first.SetResult();
        await both;

        var spans = tl.Snapshot().ToDictionary(s => s.Label);
        Assert.Equal(rootId, spans["a"].ParentId);
        Assert.Equal(rootId, spans["b"].ParentId);
        Assert.Equal(spans["a"].Id, spans["a child"].ParentId);
        Assert.Equal(spans["b"].Id, spans["b child"].ParentId);
    }

    [Fact]
    public async Task Span_AcrossAwait_RecordsTheHopAndLetsGoOfItsThread()
    {
        var tl = new Timeline("t");
        var gate = new HopGate("completer");
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starter = new Thread(() =>
        {
            // A plain thread: the span starts here, the await hops to the completer, and this thread goes on.
            _ = Crossing();
            release.Task.Wait();
            using (tl.Span("later on the starting thread"))
            {
            }

            async Task Crossing()
            {
                using (tl.Span("crossing"))
                {
                    started.SetResult(Environment.CurrentManagedThreadId);
                    await gate;
                }

                release.SetResult();
            }
        });
        starter.Start();
        var startedOn = await started.Task;
        starter.Join();

        var spans = tl.Snapshot().ToDictionary(s => s.Label);
        Assert.Equal(startedOn, spans["crossing"].ManagedThreadId);
        Assert.Equal(gate.Completer.ManagedThreadId, spans["crossing"].EndManagedThreadId);
        Assert.True(spans["crossing"].Hopped);
        Assert.Null(spans["later on the starting thread"].ParentId);
    }

    [Fact]
    public void Span_MoreThanAThreadKeeps_DropsTheOldestAndSaysHowMany()
    {
        var tl = new Timeline("t");
        var outer = tl.Span("outer, dropped while open");
        const int extra = 1_000;
        for (var i = 0; i < Timeline.MaxSpansPerThread + extra; i++)
        {
            using (tl.Span("inner"))
            {
            }
        }

        outer.Dispose();   // its slot now holds a newer span: ending must leave that one alone
        var spans = tl.Snapshot();
        Assert.Equal(Timeline.MaxSpansPerThread, spans.Count);
        Assert.Equal(extra + 1, tl.DroppedSpans);
        Assert.All(spans, s => Assert.Equal("inner", s.Label));
        Assert.All(spans, s => Assert.False(s.IsUnfinished));
        Assert.Equal(spans.Count, spans.Select(s => s.Id).Distinct().Count());
        Assert.Contains("1,001 older spans were dropped", tl.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_WhileTheRingIsReused_ReturnsOnlyWholeSpans()
    {
        var tl = new Timeline("t");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0L; !stop.IsCancellationRequested || i < 3L * Timeline.MaxSpansPerThread; i++)
            {
                using (tl.Span(i % 2 == 0 ? "even" : "odd"))
                {
                }
            }
        });

        await Poll.UntilAsync(() => tl.DroppedSpans > 0, "the writer to wrap its ring and drop a span");

        for (var round = 0; round < 3; round++)
        {
            var spans = tl.Snapshot();
            Assert.All(spans, s => Assert.True(s.EndTicks >= s.StartTicks));
            Assert.All(spans, s => Assert.True(s.Label is "even" or "odd"));
            Assert.Equal(spans.Count, spans.Select(s => s.Id).Distinct().Count());
        }

        stop.Cancel();
        await writer;
    }

    [Fact]
    public async Task RunAsync_ChildTasks_SeeTheSpanAsParent()
    {
        var tl = new Timeline("t");
        long parentId = 0;
        await tl.RecordAsync("parent", async () =>
        {
            parentId = tl.Snapshot().Single(s => s.Label == "parent").Id;
            await Task.WhenAll(
                Task.Run(() => tl.Record("child 1", () => { })),
                Task.Run(() => tl.Record("child 2", () => 42)));
        });

        var spans = tl.Snapshot();
        Assert.Equal(SpanKind.Async, spans.Single(s => s.Label == "parent").Kind);
        Assert.All(spans.Where(s => s.Label.StartsWith("child", StringComparison.Ordinal)), s => Assert.Equal(parentId, s.ParentId));
        Assert.Equal(2, spans.Count(s => s.ParentId == parentId));
    }

    [Fact]
    public async Task RunAsync_Result_IsReturned()
    {
        var tl = new Timeline("t");
        var value = await tl.RecordAsync("compute", () => Task.FromResult(7));
        Assert.Equal(7, value);
        Assert.Equal("compute", Assert.Single(tl.Snapshot()).Label);
    }

    [Fact]
    public void Mark_Recorded_IsAnInstantMarker()
    {
        var tl = new Timeline("t");
        using (var outer = tl.Span("outer"))
        {
            tl.Mark("cancel requested");
        }

        var marker = tl.Snapshot().Single(s => s.Kind == SpanKind.Marker);
        Assert.Equal("cancel requested", marker.Label);
        Assert.Equal(marker.StartTicks, marker.EndTicks);
        Assert.NotNull(marker.ParentId);
    }

    [Fact]
    public void Dispose_CalledTwiceOnCopies_RecordsOneSpanAndLeavesNestingIntact()
    {
        var tl = new Timeline("t");
        using (var outer = tl.Span("outer"))
        {
            var scope = tl.Span("inner");
            var copy = scope;
            scope.Dispose();
            var firstEnd = tl.Snapshot().Single(s => s.Label == "inner").EndTicks;
            copy.Dispose();
            scope.Dispose();
            Assert.Equal(firstEnd, tl.Snapshot().Single(s => s.Label == "inner").EndTicks);
            using (tl.Span("sibling"))
            {
            }

            Assert.Equal(outer.Id, tl.Snapshot().Single(s => s.Label == "sibling").ParentId);
        }

        Assert.Equal(3, tl.Snapshot().Count);
        default(SpanScope).Dispose();
    }

    [Fact]
    public void Snapshot_SpanNeverEnded_IsShownUnfinishedUpToSnapshotTime()
    {
        var tl = new Timeline("t");
        _ = tl.Span("forgotten");
        var before = Stopwatch.GetTimestamp();
        var span = Assert.Single(tl.Snapshot());
        Assert.True(span.IsUnfinished);
        Assert.True(span.EndTicks >= before);
        Assert.False(span.Hopped);
    }

    [Fact]
    public void Span_DisposedTimeline_ThrowsObjectDisposedNamingIt()
    {
        var tl = new Timeline("my downloads");
        var open = tl.Span("open");
        tl.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => tl.Span("late"));
        Assert.Contains("my downloads", e.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => tl.Mark("late"));
        Assert.Throws<ObjectDisposedException>(() => tl.Add([]));
        open.Dispose();
        Assert.False(Assert.Single(tl.Snapshot()).IsUnfinished);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Span_NullOrEmptyLabel_ThrowsArgumentException(string? label)
    {
        var tl = new Timeline("t");
        Assert.ThrowsAny<ArgumentException>(() => tl.Span(label!));
        Assert.ThrowsAny<ArgumentException>(() => tl.Mark(label!));
        Assert.ThrowsAny<ArgumentException>(() => tl.Record(label!, () => { }));
        Assert.ThrowsAny<ArgumentException>(() => new Timeline(label!));
        Assert.Empty(tl.Snapshot());
    }

    [Fact]
    public void Add_SpansFromAnotherProcess_AreMergedAndSurviveJson()
    {
        var worker = new Timeline("worker");
        using (worker.Span("job 1"))
        {
        }

        var json = JsonSerializer.Serialize(worker.Snapshot());
        var received = JsonSerializer.Deserialize<List<SpanRecord>>(json)!
            .Select(s => s with { ProcessId = 4242, Lane = "worker 1", Kind = SpanKind.Process });

        var tl = new Timeline("parent");
        using (tl.Span("submit"))
        {
        }

        tl.Add(received);
        var spans = tl.Snapshot();
        Assert.Equal(2, spans.Count);
        var merged = spans.Single(s => s.ProcessId == 4242);
        Assert.Equal("job 1", merged.Label);
        Assert.Equal("worker 1", merged.Lane);
        Assert.Equal(worker.Snapshot()[0] with { ProcessId = 4242, Lane = "worker 1", Kind = SpanKind.Process }, merged);
    }

    [Fact]
    public void Add_RecordEndingBeforeItStarts_ThrowsArgumentException()
    {
        var tl = new Timeline("t");
        var bad = new SpanRecord { Id = 1, Label = "x", StartTicks = 10, EndTicks = 5 };
        Assert.Throws<ArgumentException>(() => tl.Add([bad]));
        Assert.Throws<ArgumentException>(() => tl.Add([bad with { Label = "", EndTicks = 20 }]));
        Assert.Empty(tl.Snapshot());
    }

    [Fact]
    public void Span_64ThreadsConcurrently_NoneLostNoneTorn()
    {
        const int threads = 64;
        const int perThread = 100_000;
        var tl = new Timeline("stress");
        using var start = new Barrier(threads + 1);
        using var everyThreadRecording = new CountdownEvent(threads);
        using var snapshotsTaken = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                if (i == perThread - 1)
                {
                    snapshotsTaken.Wait(); // no thread finishes before the snapshots below are taken
                }

                using (tl.Span("s"))
                {
                }

                if (i == 0)
                {
                    everyThreadRecording.Signal();
                }
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();

        // Snapshots taken while the threads record must never see a torn span. These are taken after every thread
        // has recorded a span and before any has recorded its last.
        try
        {
            everyThreadRecording.Wait();
            for (var round = 0; round < 5; round++)
            {
                var midway = SnapshotWholeSpans(tl);
                Assert.Equal(threads, midway.Select(s => s.OsThreadId).Distinct().Count());
                Assert.InRange(midway.Count, threads, threads * (perThread - 1));
            }
        }
        finally
        {
            snapshotsTaken.Set();
        }

        while (workers.Any(w => w.IsAlive))
        {
            SnapshotWholeSpans(tl);
        }

        workers.ForEach(w => w.Join());
        var spans = tl.Snapshot();
        Assert.Equal(threads * perThread, spans.Count);
        Assert.All(spans, s => Assert.False(s.IsUnfinished));
        Assert.True(spans.All(s => s.EndTicks >= s.StartTicks));
        Assert.Equal(spans.Count, spans.Select(s => s.Id).Distinct().Count());
        Assert.Equal(threads, spans.Select(s => s.OsThreadId).Distinct().Count());
        Assert.All(spans.GroupBy(s => s.OsThreadId), g => Assert.Equal(perThread, g.Count()));
    }

    /// <summary>Takes a snapshot and checks that none of its spans is torn.</summary>
    private static IReadOnlyList<SpanRecord> SnapshotWholeSpans(Timeline tl)
    {
        var snapshot = tl.Snapshot();
        foreach (var s in snapshot)
        {
            Assert.True(s.EndTicks >= s.StartTicks);
            Assert.Equal("s", s.Label);
        }

        return snapshot;
    }
}
