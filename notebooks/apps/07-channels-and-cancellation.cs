#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
#:property PublishAot=false
// Generated from notebooks/07-channels-and-cancellation.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/07-channels-and-cancellation.cs
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using ConcurrencyNotebooks;
using ConcurrencyNotebooks.Charts;
using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;
using ConcurrencyNotebooks.Timelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using static System.FormattableString;
using ConcurrencyNotebooks.Apps;

// # 7 · Channels and cancellation: queues between tasks, and how to stop them
//
// The guide shows how to start concurrent work. Real programs also hand work from one task to another, and stop work nobody wants any more. Here you will
//
// - pass items from a producer to a consumer through a `Channel<T>`, the twin of Python's `asyncio.Queue` (the twin of the thread-blocking `queue.Queue` is `BlockingCollection<T>`);
// - hold a fast producer back with a **bounded** channel, and watch the queue's length on a timeline;
// - stop work with a `CancellationToken`: timeouts, linked tokens, CPU loops that check, and the notebook's Stop button;
// - stream items through an `IAsyncEnumerable` pipeline, and report progress with `IProgress<T>`.
NotebookApp.Heading("# 7 · Channels and cancellation: queues between tasks, and how to stop them");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("07-channels-and-cancellation", "..", [
    "using System.Diagnostics;",
    "using ConcurrencyNotebooks;",
    "using ConcurrencyNotebooks.Charts;",
    "using ConcurrencyNotebooks.Claims;",
    "using ConcurrencyNotebooks.Demos;",
    "using ConcurrencyNotebooks.Exercises;",
    "using ConcurrencyNotebooks.Processes;",
    "using ConcurrencyNotebooks.Shipping;",
    "using ConcurrencyNotebooks.Timelines;",
    "using System.Runtime.CompilerServices;",
    "using System.Threading.Channels;",
    "using static System.FormattableString;",
    "using ConcurrencyNotebooks.Apps;",
]);

// Channels live in `System.Threading.Channels`, which is part of .NET (no package to install). This notebook's extra `using` lines:

// ---- cell 4
await NotebookApp.Cell(4);


// ## A queue between a producer and a consumer
//
// In Python, with asyncio:
//
// ```python
// async def producer(queue):
//     for i in range(5):
//         await queue.put(i)
//         await asyncio.sleep(0.1)
//     await queue.put(None)            # "no more items"
//
// async def consumer(queue):
//     while (item := await queue.get()) is not None:
//         print("got", item)
//
// async def main():
//     queue = asyncio.Queue()
//     await asyncio.gather(producer(queue), consumer(queue))
// ```
//
// A **channel** is that queue. It has two ends: `channel.Writer` (`WriteAsync`, and `Complete()` instead of a `None` sentinel) and `channel.Reader` (`ReadAllAsync()` yields items until the writer completes and the channel is empty). Python has two queues: `asyncio.Queue`, whose `put` and `get` are awaited, and `queue.Queue`, whose `put` and `get` block the calling thread. A channel is the twin of `asyncio.Queue`: every read and write that may have to wait is awaited (`ReadAsync`, `WriteAsync`, `WaitToReadAsync`), and there is no blocking read or write, only `TryRead`/`TryWrite`, which never wait (source: the .NET channels guide). A channel also manages its own synchronization: any number of writers and readers, on any threads, may use it at once (same source), which matters because .NET's async code resumes on whatever pool thread is free. The twin of `queue.Queue` is `BlockingCollection<T>`: `Add` and `Take` block the calling thread while the collection is full or empty (source: the `BlockingCollection` overview); notebook 8 builds a UI thread's message loop on one.
NotebookApp.Heading("## A queue between a producer and a consumer");

// ---- cell 6
await NotebookApp.Cell(6);
var channel = Channel.CreateUnbounded<int>();
var received = new List<int>();
async Task ProduceAsync(ChannelWriter<int> writer)
{
    for (var i = 0; i < 5; i++)
    {
        await writer.WriteAsync(i);
        await Demo.DelaySecondsAsync(0.1);
    }
    writer.Complete();                  // no more items: ends the reader's loop
}
async Task ConsumeAsync(ChannelReader<int> reader)
{
    await foreach (var item in reader.ReadAllAsync())
        received.Add(item);
}
await Task.WhenAll(ProduceAsync(channel.Writer), ConsumeAsync(channel.Reader));

// ---- cell 7
await NotebookApp.Cell(7);
Console.WriteLine($"received {string.Join(", ", received)}");
Claim.That(received.SequenceEqual(Enumerable.Range(0, 5)),
    "the consumer gets every item, in the order it was written", string.Join(", ", received));

// ## A bounded channel holds a fast producer back
//
// An unbounded queue lets a fast producer run away: when it writes faster than the consumer reads, the queue grows without limit, and so does the memory it holds. `asyncio.Queue(maxsize=3)` makes `put` wait while the queue is full; `Channel.CreateBounded<int>(3)` makes `WriteAsync` wait. That wait is called **backpressure**: the slow end sets the pace.
//
// The experiment: a producer that could write 10 items at once, a consumer that needs 0.2 s (scaled) per item, and a queue of 3. First Python ([python/bounded_queue.py](python/bounded_queue.py)), live:
NotebookApp.Heading("## A bounded channel holds a fast producer back");

// ---- cell 9
await NotebookApp.Cell(9);
var (itemCount, capacity, secondsPerItem) = (10, 3, 0.2);
var mustWait = itemCount - capacity - 1;    // 3 fit, the consumer takes 1, every other write waits

// ---- cell 10
await NotebookApp.Cell(10);
if (PythonTwin.IsAvailable)
{
    var py = PythonTwin.RunForNumbers("python/bounded_queue.py", Invariant($"{Demo.TimeScale}"),
        $"{itemCount}", $"{capacity}", Invariant($"{secondsPerItem}"));
    Console.WriteLine($"Python asyncio.Queue(maxsize={capacity}): the producer found it full " +
        $"{py[0]} of {itemCount} times, and it never held more than {py[1]} items.");
    Claim.AtLeast(py[0], mustWait, $"a full queue makes at least {mustWait} of the puts wait");
}
else Console.WriteLine("python3 is not installed here, so the Python side is skipped.");

// The C# twin. The producer records one span per write, so a long bar is a `WriteAsync` that waited for room. Both sides record the queue's length after each write and read with `tl.RecordCounter(name, value)`, which draws any counter as a step line on the timeline's right-hand axis.

// ---- cell 12
await NotebookApp.Cell(12);
async Task<int> ProduceFastAsync(ChannelWriter<int> writer, Timeline tl, Func<int> length)
{
    var waits = 0;
    for (var i = 0; i < itemCount; i++)
    {
        var write = writer.WriteAsync(i);
        if (!write.IsCompleted) waits++;        // full: this write waits for room
        await tl.RecordAsync($"write {i}", () => write.AsTask());
        tl.RecordCounter("queue length", length());
    }
    writer.Complete();
    return waits;
}

// ---- cell 13
await NotebookApp.Cell(13);
async Task ConsumeSlowlyAsync(ChannelReader<int> reader, Timeline tl)
{
    await foreach (var item in reader.ReadAllAsync())
    {
        tl.RecordCounter("queue length", reader.Count);
        await tl.RecordAsync($"handle {item}", () => Demo.DelaySecondsAsync(secondsPerItem));
    }
}
async Task<(Timeline, int)> RunPipelineAsync(Channel<int> channel, string title)
{
    var tl = new Timeline(title);
    tl.RecordCounter("queue length", 0);
    var producing = ProduceFastAsync(channel.Writer, tl, () => channel.Reader.Count);
    await ConsumeSlowlyAsync(channel.Reader, tl);
    return (tl, await producing);
}

// ---- cell 14
await NotebookApp.Cell(14);
var (bounded, boundedWaits) = await RunPipelineAsync(
    Channel.CreateBounded<int>(capacity), $"bounded channel, capacity {capacity}");
NotebookApp.Show(bounded);

// ---- cell 15
await NotebookApp.Cell(15);
var (unbounded, unboundedWaits) = await RunPipelineAsync(
    Channel.CreateUnbounded<int>(), "unbounded channel");
NotebookApp.Show(unbounded);

// ---- cell 16
await NotebookApp.Cell(16);
Console.WriteLine($"bounded ({capacity}): the producer waited for room {boundedWaits} of " +
    $"{itemCount} times, and the queue never held more than " +
    $"{bounded.PeakOf("queue length")} items.");
Console.WriteLine($"unbounded: the producer waited {unboundedWaits} times, " +
    $"and the queue peaked at {unbounded.PeakOf("queue length")} items.");

// ---- cell 17
await NotebookApp.Cell(17);
Claim.AtLeast(boundedWaits, mustWait, $"a full channel makes {mustWait}+ of the writes wait");
Claim.AtMost(bounded.PeakOf("queue length"), capacity, "a bounded channel holds at most that");
Claim.Equal(unboundedWaits, 0, "an unbounded channel never makes a write wait");

// ### What happened?
//
// Bounded, the write bars stretch: once the queue was full, each write waited until the consumer took an item, so the producer finished at the consumer's pace and the queue never grew past its capacity. Unbounded, every write completed at once; the queue filled up front and drained one item per `handle`. With a producer that never stops (a socket, a sensor, a crawler), that queue is a memory leak.
//
// Waiting is not the only choice. `new BoundedChannelOptions(3) { FullMode = BoundedChannelFullMode.DropOldest }` drops items instead (also `DropNewest`, `DropWrite`), which suits telemetry, where the newest value matters most. `writer.TryWrite(item)` never waits: in the default `Wait` mode it returns `false` when the channel is full; in the drop modes it drops an item and returns `true` (source: `BoundedChannel.cs`).
//
// > **Discuss.** Which producers in programs you know never stop (a socket, a sensor, a log being tailed)? For each, which is right when the consumer falls behind: wait, drop the oldest, or drop the newest, and what does the user see in each case?
//
// ## Cancellation end to end
//
// A `CancellationTokenSource` is the button; its `Token` is the wire you pass to everything that should stop when the button is pressed. Python's asyncio cancels a *task* (`task.cancel()` throws `CancelledError` into it at the `await` where it is suspended, on the event loop's next turn; source: `Task.cancel` in the asyncio docs), and a Python thread cannot be cancelled at all. In .NET, cancellation is **cooperative** everywhere: work stops only when it looks at the token (source: *Cancellation in managed threads*). Many `...Async` methods watch the token for the whole wait: `Task.Delay` (the next cell shows it) and a channel's `ReadAsync` and `WriteAsync`, whose pending operation registers a callback on the token that cancels it (source: `AsyncOperation.cs` in `System.Threading.Channels`). But not all: the base `Stream.ReadAsync`, which a stream without its own async I/O inherits, looks once, on entry, and a read that has started no longer sees a cancel (source: `Stream.cs`). When a method only checks on entry, `task.WaitAsync(token)` at least stops *your* wait; the operation itself runs on, abandoned.
//
// ### Timeouts: `CancelAfter`
//
// `cts.CancelAfter(delay)` presses the button later; it is the twin of `async with asyncio.timeout(0.5):` (Python 3.11).
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Cancellation end to end");
NotebookApp.Heading("### Timeouts: `CancelAfter`");

// ---- cell 19
await NotebookApp.Cell(19);
string Ms(double seconds) => $"{Demo.Seconds(seconds).TotalMilliseconds:F0} ms";  // scaled
var timeout = Demo.Seconds(0.5);
var started = Stopwatch.GetTimestamp();
using (var cts = new CancellationTokenSource())
{
    cts.CancelAfter(timeout);
    try { await Task.Delay(Demo.Seconds(10), cts.Token); }   // work that would take 10 s
    catch (OperationCanceledException e) when (e.CancellationToken == cts.Token)
    {
        var waited = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"the {Ms(10)} work was cancelled after " +
            $"{waited.TotalMilliseconds:F0} ms (the timeout was {Ms(0.5)})");
    }
}

// ### Linked tokens: the caller's cancel and your own time limit
//
// A method often has two reasons to stop: its caller cancels (the user pressed Stop, the request was aborted), or its own time limit passes. `CancellationTokenSource.CreateLinkedTokenSource(caller)` makes a source that is cancelled when the caller's token is, and can also be cancelled on its own. Afterwards `caller.IsCancellationRequested` tells the two apart. Not the exception's token: `Task.Delay` was given `linked.Token`, so whichever reason cancelled it, the `OperationCanceledException` carries the linked token, and a filter `when (e.CancellationToken == caller)` never matches (the last line below checks it). (Inside a method `using var` is fine; only at a cell's top level does the kernel reject it.)
NotebookApp.Heading("### Linked tokens: the caller's cancel and your own time limit");

// ---- cell 21
await NotebookApp.Cell(21);
async Task<string> DownloadAsync(TimeSpan limit, CancellationToken caller)
{
    using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
    linked.CancelAfter(limit);
    try
    {
        await Task.Delay(Demo.Seconds(1), linked.Token);   // the "download": 1 s, scaled
        return "downloaded";
    }
    catch (OperationCanceledException) when (!caller.IsCancellationRequested)
    {
        return $"gave up at its own limit of {limit.TotalMilliseconds:F0} ms";
    }
}

// ---- cell 22
await NotebookApp.Cell(22);
using (var user = new CancellationTokenSource())
{
    Console.WriteLine($"limit {Ms(2)}: {await DownloadAsync(Demo.Seconds(2), user.Token)}");
    Console.WriteLine($"limit {Ms(0.3)}: {await DownloadAsync(Demo.Seconds(0.3), user.Token)}");
    user.CancelAfter(Demo.Seconds(0.3));                       // now the caller gives up first
    try { await DownloadAsync(Demo.Seconds(2), user.Token); }
    catch (OperationCanceledException e)
    {
        var callersToken = e.CancellationToken == user.Token;
        Console.WriteLine($"limit {Ms(2)}, the caller cancels at {Ms(0.3)}: {e.GetType().Name} " +
            $"reaches the caller; e.CancellationToken == the caller's token: {callersToken}");
        Claim.That(!callersToken, "the caller's cancel comes with the linked token",
            $"{callersToken}");
    }
}

// > **Discuss.** A library method you call takes a token but, like the base `Stream.ReadAsync`, looks at it only on entry. Your caller cancels while it runs: wait it out, or stop waiting with `WaitAsync(token)` and abandon it? What does each choice cost, and who finds out?
//
// ### CPU loops must look at the token
//
// `Task.Delay` looks at the token for you. A loop that computes must look itself: either `token.ThrowIfCancellationRequested()`, or `while (!token.IsCancellationRequested)` and return what it has. Look once per batch of work rather than per iteration, and the check costs next to nothing beside the work.
NotebookApp.Heading("### CPU loops must look at the token");

// ---- cell 24
await NotebookApp.Cell(24);
(long Primes, int Below) CountPrimesUntilCancelled(CancellationToken token)
{
    var (found, below) = (0L, 0);
    while (!token.IsCancellationRequested)             // looks once per batch of 10,000
    {
        found += CpuWork.CountPrimes(below, below + 10_000);
        below += 10_000;
    }
    return (found, below);
}

// ---- cell 25
await NotebookApp.Cell(25);
started = Stopwatch.GetTimestamp();
using (var cts = new CancellationTokenSource(Demo.Seconds(0.5)))  // cancels itself after 0.5 s
{
    var counting = Task.Run(() => CountPrimesUntilCancelled(cts.Token));
    var (primes, below) = await counting.WaitAsync(TimeSpan.FromSeconds(30));  // a guard
    var late = Stopwatch.GetElapsedTime(started) - Demo.Seconds(0.5);
    Console.WriteLine($"counted {primes:N0} primes below {below:N0}, and returned " +
        $"{late.TotalMilliseconds:F1} ms after the cancel");
}

// `WaitAsync(30 s)` is a guard: had the loop never looked at its token, the cell would give up waiting after 30 s instead of hanging (the loop itself would keep a core busy until the kernel restarts; notebook 3 stops such code by running it in a worker process with a `TaskTimeout`).
//
// ### The notebook's Stop button
//
// `Notebook.StopToken` is the token the kernel cancels when you press **Stop** (■). Link it with your own limit, and the same loop ends for either reason. Run this cell and press Stop before its 2 s (scaled) are up: the cell ends at once, marked cancelled. Left alone, the limit ends it.
NotebookApp.Heading("### The notebook's Stop button");

// ---- cell 27
await NotebookApp.Cell(27);
using (var linked = CancellationTokenSource.CreateLinkedTokenSource(Notebook.StopToken))
{
    linked.CancelAfter(Demo.Seconds(2));
    var (primes, below) = await Task.Run(() => CountPrimesUntilCancelled(linked.Token))
        .WaitAsync(TimeSpan.FromSeconds(30));
    var why = Notebook.StopToken.IsCancellationRequested
        ? "because you pressed Stop" : $"at its {Ms(2)} limit";
    Console.WriteLine($"{primes:N0} primes below {below:N0}; stopped {why}");
}

// > **Discuss.** Python cannot cancel a thread at all, and in .NET (Core and later) `Thread.Abort` only throws `PlatformNotSupportedException` (source: `Thread.cs`). What could stopping a thread at an arbitrary instruction leave half done (a lock held, a file half written)? Why does that make cooperative cancellation the only safe kind?
//
// ## `IAsyncEnumerable`: a pipeline that streams (optional)
//
// Python's async generators (`async def` with `yield`, read with `async for`) have a twin: an `async IAsyncEnumerable<T>` method with `yield return`, read with `await foreach`. Stages chain like generators. A token reaches every stage through `WithCancellation(token)` on the outside and a parameter marked `[EnumeratorCancellation]` on the inside.
NotebookApp.Heading("## `IAsyncEnumerable`: a pipeline that streams (optional)");

// ---- cell 29
await NotebookApp.Cell(29);
var log = new List<string>();
async IAsyncEnumerable<int> ReadNumbers(int count,
    [EnumeratorCancellation] CancellationToken token = default)
{
    for (var i = 0; i < count; i++)
    {
        await Demo.DelaySecondsAsync(0.05);          // the "I/O"
        token.ThrowIfCancellationRequested();
        log.Add($"read {i}");
        yield return i;
    }
}

// ---- cell 30
await NotebookApp.Cell(30);
async IAsyncEnumerable<int> Square(IAsyncEnumerable<int> source,
    [EnumeratorCancellation] CancellationToken token = default)
{
    await foreach (var n in source.WithCancellation(token))
    {
        log.Add($"square {n}");
        yield return n * n;
    }
}

// ---- cell 31
await NotebookApp.Cell(31);
await foreach (var s in Square(ReadNumbers(3)))
    log.Add($"use {s}");
Console.WriteLine(string.Join(" → ", log));
Claim.That(log.IndexOf("use 0") < log.IndexOf("read 1"),
    "the stages stream: 0 is used before 1 is read", string.Join(" → ", log));

// Like a Python generator, nothing runs until someone asks for the next item, so the stages take turns: one item travels the whole pipeline before the next is read. To let stages run *at the same time*, put a channel between them (the first exercise below does). Cancelling the outer `await foreach` stops every stage:

// ---- cell 33
await NotebookApp.Cell(33);
log.Clear();
using (var cts = new CancellationTokenSource())
{
    try
    {
        await foreach (var s in Square(ReadNumbers(100)).WithCancellation(cts.Token))
            if (s >= 9) cts.Cancel();                  // enough: 0, 1, 4, 9
    }
    catch (OperationCanceledException) { }
}
Console.WriteLine($"{log.Count(l => l.StartsWith("read"))} of 100 numbers were read " +
    "before the cancel reached the first stage");

// ## `IProgress<T>`: reporting progress (optional)
//
// A long operation takes an `IProgress<T>` and calls `Report(value)`; the caller decides what a report does. `Progress<T>` posts each report to the `SynchronizationContext` it captured when it was created; with none, to a default one whose `Post` queues the handler to the thread pool (source: `Progress.cs`). On a desktop app's UI thread, reports run on the UI thread one after another, in order. The notebook kernel's cells run with no context, so here each report is its own pool work item: the handler runs on some pool thread, maybe after `Report` has returned, maybe two at once, and in any order, so a display that shows the latest report it handled can end at "9 of 10". The handler below keeps the highest value it has seen (under a lock, since two may run at once), and records the order in which the reports arrived.
NotebookApp.Heading("## `IProgress<T>`: reporting progress (optional)");

// ---- cell 35
await NotebookApp.Cell(35);
async Task<int> DownloadFilesAsync(int files, IProgress<int> progress)
{
    for (var i = 1; i <= files; i++)
    {
        await Demo.DelaySecondsAsync(0.1);
        progress.Report(i);
    }
    return files;
}
var shown = NotebookApp.Show("0 of 10 files", "text/plain");
var handled = new System.Collections.Concurrent.ConcurrentQueue<(int Report, int Thread)>();
var highest = 0;
var progress = new Progress<int>(n =>
{
    handled.Enqueue((n, Environment.CurrentManagedThreadId));
    lock (handled)
        if (n > highest) { highest = n; shown.Update($"{n} of 10 files"); }  // never go back
});

// ---- cell 36
await NotebookApp.Cell(36);
var cellThread = Environment.CurrentManagedThreadId;
var files = await DownloadFilesAsync(10, progress);
var handledAtReturn = handled.Count;
SpinWait.SpinUntil(() => handled.Count == files, TimeSpan.FromSeconds(10));
var order = handled.Select(h => h.Report).ToList();
Console.WriteLine($"{files} files; when the work returned, {handledAtReturn} of {files} reports " +
    $"had been handled, on {handled.Select(h => h.Thread).Distinct().Count()} pool thread(s); " +
    $"handled in the order {string.Join(", ", order)}; the display shows {highest} of {files}");
Claim.That(handled.All(h => h.Thread != cellThread), "no report runs on the cell's thread", "");
Claim.Equal(highest, files, "the display ends at the last report");

// ## Try it yourself
//
// > **Exercise 1: a bounded pipeline.** Write `PipeThrough(items, capacity, work)`: a **producer** task writes the items into a `Channel.CreateBounded<int>(capacity)` and completes it, while a **consumer** reads them, awaits `work(item)` for each, and returns the results in order. The check counts how far the producer runs ahead of the consumer: it must move on while the consumer works (so a plain `foreach` fails), but never by more than the channel allows (so an unbounded channel fails).
NotebookApp.Heading("## Try it yourself");

// ---- cell 38
await NotebookApp.Cell(38);
async Task<List<int>> PipeThrough(IEnumerable<int> items, int capacity, Func<int, Task<int>> work)
{
    var results = new List<int>();
    // Your code here: a bounded channel, a producer task (WriteAsync each item, then Complete),
    // and a consumer loop (await foreach ... ReadAllAsync()) that adds await work(item).
    await Task.Yield();
    return results;
}

// ---- cell 39 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(39);
try
{
    await ChannelsChecks.BoundedPipelineAsync(PipeThrough);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a timeout that the caller can still cancel.** Write `FetchWithTimeout(fetch, timeout, caller)`: call `fetch(token)` with one token that is cancelled when `caller` is **or** when `timeout` passes. Return fetch's result; when the timeout fired, throw a `TimeoutException`; when the caller cancelled, let its `OperationCanceledException` through. The check hands you fetches that never finish and verifies that their token really was cancelled.

// ---- cell 41
await NotebookApp.Cell(41);
async Task<string> FetchWithTimeout(Func<CancellationToken, Task<string>> fetch, TimeSpan timeout,
    CancellationToken caller)
{
    // Your code here: CreateLinkedTokenSource(caller), CancelAfter(timeout), await fetch(...),
    // and catch the cancellation that the caller did not ask for.
    await Task.Yield();
    return "";
}

// ---- cell 42 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(42);
try
{
    await ChannelsChecks.TimeoutAsync(FetchWithTimeout);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/07-channels-and-cancellation.csx`](solutions/07-channels-and-cancellation.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 44
await NotebookApp.Cell(44);
// Model answers for notebook 7's exercises, each followed by the check its exercise cell runs.

async Task<List<int>> PipeThroughSolution(IEnumerable<int> items, int capacity,
    Func<int, Task<int>> work)
{
    var channel = Channel.CreateBounded<int>(capacity);
    var producer = Task.Run(async () =>
    {
        try { foreach (var item in items) await channel.Writer.WriteAsync(item); }
        finally { channel.Writer.Complete(); }
    });
    var results = new List<int>();
    await foreach (var item in channel.Reader.ReadAllAsync())
        results.Add(await work(item));
    await producer;
    return results;
}
await ChannelsChecks.BoundedPipelineAsync(PipeThroughSolution);

async Task<string> FetchWithTimeoutSolution(Func<CancellationToken, Task<string>> fetch,
    TimeSpan timeout, CancellationToken caller)
{
    using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
    linked.CancelAfter(timeout);
    try { return await fetch(linked.Token); }
    catch (OperationCanceledException) when (!caller.IsCancellationRequested)
    {
        throw new TimeoutException($"fetch took longer than {timeout.TotalMilliseconds:F0} ms");
    }
}
await ChannelsChecks.TimeoutAsync(FetchWithTimeoutSolution);

// > **Playground.** Give the bounded pipeline a capacity of 1 (`(10, 1, 0.2)` in the cell that sets `itemCount`), or make it drop the oldest item instead of waiting: replace `Channel.CreateBounded<int>(capacity)` in the cell that draws the bounded timeline with `Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest })`. How do the write bars and the queue line change, and which items does the consumer see? (With a drop mode no write waits, so the check cell after the two timelines says so: its claims are about the default `Wait` mode.)

// ## Sources
//
// - [.NET guide: Channels](https://learn.microsoft.com/dotnet/core/extensions/channels): `Channel<T>`'s awaited reads and writes, `TryRead`/`TryWrite`, bounded channels and their `FullMode`.
// - [.NET docs: BlockingCollection overview](https://learn.microsoft.com/dotnet/standard/collections/thread-safe/blockingcollection-overview): `Add` and `Take` block the calling thread; the twin of `queue.Queue`.
// - [Python docs: Task.cancel](https://docs.python.org/3/library/asyncio-task.html#asyncio.Task.cancel): a `CancelledError` is thrown into the task's coroutine on the event loop's next cycle.
// - [Python docs: asyncio queues](https://docs.python.org/3/library/asyncio-queue.html) and [queue](https://docs.python.org/3/library/queue.html): awaited versus thread-blocking `put`/`get`, `maxsize`.
// - [dotnet/runtime: Channels' AsyncOperation.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Threading.Channels/src/System/Threading/Channels/AsyncOperation.cs): a waiting read or write registers on its token and is cancelled when the token is.
// - [.NET docs: Cancellation in managed threads](https://learn.microsoft.com/dotnet/standard/threading/cancellation-in-managed-threads): cooperative cancellation, linked token sources.
// - [dotnet/runtime: BoundedChannel.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Threading.Channels/src/System/Threading/Channels/BoundedChannel.cs): `TryWrite` on a full channel returns `false` in `Wait` mode, and drops an item and returns `true` in the drop modes.
// - [dotnet/runtime: Stream.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/IO/Stream.cs): the base `ReadAsync` checks its token once, on entry, then runs `BeginRead`/`EndRead`, which never look at it.
// - [dotnet/runtime: Thread.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/Thread.cs): `Abort` is obsolete and throws `PlatformNotSupportedException`.
// - [dotnet/runtime: Progress.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Progress.cs): each report is `Post`ed to the captured context, or to a default one that queues it to the thread pool; the handler "could be invoked concurrently with itself".
NotebookApp.Heading("## Sources");

// ---
// ⏪ Last: [6 · Synchronization](06-synchronization.ipynb) · ⏩ Next: [8 · Pitfalls](08-pitfalls.ipynb)

return NotebookApp.Finish();
