#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
#:property PublishAot=false
// Generated from notebooks/04-async.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/04-async.cs
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
using ConcurrencyNotebooks.Apps;

// # 4 · Async: `async`/`await`, the twin of asyncio
//
// The guide's fourth section runs a coroutine with `asyncio.run` and several at once with `asyncio.gather`. C# has had `async`/`await` since 2012, and in .NET it is the default way to wait for I/O. In this notebook you will
//
// - run both snippets as C# twins (a notebook cell can `await` at top level);
// - see on a timeline **which thread each continuation resumes on**;
// - meet the tools around `await`: `Task.WhenAll` (gather), `Task.WhenEach` (as_completed), exceptions from several tasks, timeouts and cancellation;
// - start 10,000 concurrent waits and measure what they cost.
NotebookApp.Heading("# 4 · Async: `async`/`await`, the twin of asyncio");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("04-async", "..", [
    "using System.Diagnostics;",
    "using ConcurrencyNotebooks;",
    "using ConcurrencyNotebooks.Charts;",
    "using ConcurrencyNotebooks.Claims;",
    "using ConcurrencyNotebooks.Demos;",
    "using ConcurrencyNotebooks.Exercises;",
    "using ConcurrencyNotebooks.Processes;",
    "using ConcurrencyNotebooks.Shipping;",
    "using ConcurrencyNotebooks.Timelines;",
    "using ConcurrencyNotebooks.Apps;",
]);

// ## `asyncio.run(async_task())`
//
// The guide:
//
// ```python
// import asyncio
//
// async def async_task():
//     print("Task started")
//     await asyncio.sleep(2)
//     print("Task completed")
//
// asyncio.run(async_task())
// ```
//
// The C# twin. An `async` method returns a `Task`; `Demo.DelaySecondsAsync(2)` is `asyncio.sleep(2)`, scaled by the time knob. There is no event loop to start: the cell simply awaits. The cell after it runs the guide's own Python, so both outputs sit side by side.
NotebookApp.Heading("## `asyncio.run(async_task())`");

// ---- cell 4
await NotebookApp.Cell(4);
async Task AsyncTask()
{
    Console.WriteLine($"Task started on thread {Environment.CurrentManagedThreadId}");
    await Demo.DelaySecondsAsync(2);
    Console.WriteLine($"Task completed on thread {Environment.CurrentManagedThreadId}");
}

await AsyncTask();

// ---- cell 5
await NotebookApp.Cell(5);
PythonSeed.Run("async_run");

// ### What happened?
//
// The thread ids may differ. During the `await` no thread waits for *this* timer: the timer holds a note saying "continue `AsyncTask` here", and one runtime thread watches all pending timers at once. When this one is due, that thread hands it to the thread pool, and the rest of the method runs on a free **thread-pool** thread (source: `TimerQueue.Portable.cs`, the Linux and macOS timer code). (In a UI app a `SynchronizationContext` would bring it back to the UI thread; old ASP.NET's brings it back to the request's context, on whichever thread is free. The notebook kernel and ASP.NET Core have none: source, Cleary's "ASP.NET Core SynchronizationContext".)
//
// ## `asyncio.gather`
//
// The guide:
//
// ```python
// async def main():
//     tasks = [async_task() for _ in range(3)]
//     await asyncio.gather(*tasks)
//
// asyncio.run(main())
// ```
//
// The twin is `Task.WhenAll`. Each task prints what the guide's prints, and records a span on a timeline, so you can see the three waits overlap and where each one resumed. A span around an `await` is an `AsyncSpan`: it travels with the async code, so anything started after the `await` still nests in it, even on another thread.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## `asyncio.gather`");

// ---- cell 7
await NotebookApp.Cell(7);
var tl = new Timeline("Task.WhenAll of three AsyncTask()s");
var printed = new List<string>();
void Say(string line) { lock (printed) printed.Add(line); Console.WriteLine(line); }
async Task TracedTask(int n)
{
    using (tl.AsyncSpan($"async_task {n}"))
    {
        Say("Task started");
        await Demo.DelaySecondsAsync(2);
        Say("Task completed");
    }
}
await Task.WhenAll(Enumerable.Range(1, 3).Select(TracedTask));
NotebookApp.Show(tl);

// ---- cell 8
await NotebookApp.Cell(8);
string[] seedOrder =
    [.. Enumerable.Repeat("Task started", 3), .. Enumerable.Repeat("Task completed", 3)];
Claim.Equal(string.Join(", ", printed), string.Join(", ", seedOrder), "the guide's order");
var waits = tl.Spans;
Claim.That(waits.AllOverlapped() && waits.All(s => s.EndIsThreadPoolThread),
    "the three waits overlap and each resumes on a pool thread", tl.ToString());
Console.WriteLine("✔ Three starts, then three completions; the waits overlapped; " +
    "each resumed on a pool thread.");
var seedLines = PythonSeed.Run("async_gather");
Claim.That(seedLines.Count == 0 || seedLines.SequenceEqual(seedOrder),
    "python3 prints the same order", string.Join(", ", seedLines));

// Each bar starts on the cell's thread and ends on a thread-pool thread: the connector is the **hop** an `await` makes. All three waits overlap, so the whole thing takes one delay, not three. Python prints the same six lines: `gather` overlaps the waits on one thread, its event loop.
//
// ### Everything on one clock (optional)
//
// Threads, a thread-pool map and an `await`, recorded on one timeline: two named threads sleep 2 s, an async span waits 2 s, and meanwhile `Parallel.For` counts primes (the amount of counting follows the time knob too, so the bars keep their size). `Parallel.For` runs the loop on the cell's own thread **and** on pool threads: the thread that calls it runs the first share itself and queues more shares to the pool, then waits for them (source: `TaskReplicator.cs` in dotnet/runtime, whose first replica runs synchronously on the calling thread). The cell after the chart reads the spans back and says what overlapped and which thread ran each map item.
NotebookApp.Heading("### Everything on one clock (optional)");

// ---- cell 10
await NotebookApp.Cell(10);
var cellThread = Environment.CurrentManagedThreadId;
var all = new Timeline("two threads, a pool map and an await");
var sleepers = Enumerable.Range(1, 2)
    .Select(i => new Thread(() => all.Record($"Sleep on thread {i}", () => Demo.SleepSeconds(2)))
        { Name = $"worker-{i}" })
    .ToList();
sleepers.ForEach(t => t.Start());
var waiting = all.RecordAsync("async: await DelaySecondsAsync(2)", () => Demo.DelaySecondsAsync(2));
Parallel.For(0, 4, i => all.Record($"map item {i}", () => ScaledCpuWork.CountPrimes(60_000, 40)));
await waiting;
sleepers.ForEach(t => t.Join());
NotebookApp.Show(all);

// ---- cell 11
await NotebookApp.Cell(11);
var spans = all.Spans;
var inside = spans.CountDuringAllOthers("map item");
var onCellThread = spans.CountStartedOn("map item", cellThread);
var hop = spans.Single(s => s.Kind == SpanKind.Async);
Console.WriteLine($"{inside} of 4 map items ran while both threads slept and the await waited.");
Console.WriteLine($"{onCellThread} of 4 map items ran on the cell's own thread {cellThread}, " +
    $"{4 - onCellThread} on pool threads.");
Console.WriteLine($"The await started on thread {hop.ManagedThreadId} and resumed on thread " +
    $"{hop.EndManagedThreadId} (a pool thread: {hop.EndIsThreadPoolThread}).");
Claim.AtLeast(inside, 1, "the map runs inside the waits");
Claim.AtLeast(onCellThread, 1, "the thread that calls Parallel.For runs loop items too");
Claim.That(hop.Hopped, "the await resumed on another thread", $"thread {hop.EndManagedThreadId}");

// A timeline can also leave the notebook: `ToChromeTrace()` writes the Chrome trace format. Open the file in [Perfetto](https://ui.perfetto.dev) or `chrome://tracing` to zoom and search.

// ---- cell 13
await NotebookApp.Cell(13);
var tracePath = Path.Combine(Path.GetTempPath(), "concurrency-notebooks-04.json");
var traceJson = all.ToChromeTrace();
File.WriteAllText(tracePath, traceJson);
Console.WriteLine($"wrote {traceJson.Length:N0} characters of Chrome trace JSON to {tracePath}");

// ### Hot tasks: a difference from Python
//
// Calling a Python `async def` function only makes a coroutine object: its body runs when it is awaited, or when the event loop runs it as a task (`asyncio.create_task`, which `gather` does for you; source: the asyncio docs, *Coroutines and Tasks*). A .NET `Task` is **hot**: calling an `async` method runs its body at once, on the caller's thread, up to its first `await` of something unfinished, and returns a task already under way; `await` only waits for it. The cell below shows it: `Task started` prints before the cell's next line.
NotebookApp.Heading("### Hot tasks: a difference from Python");

// ---- cell 15
await NotebookApp.Cell(15);
var started = AsyncTask();          // "Task started" prints now, before any await
Console.WriteLine("...the cell goes on while the task waits...");
await started;                      // now wait for it to finish

// ## As they complete: `Task.WhenEach`
//
// `asyncio.as_completed` hands you tasks in the order they finish. .NET 9 added `Task.WhenEach`, an `IAsyncEnumerable` you consume with `await foreach`. The three downloads below wait 0.3, 0.1 and 0.2 s in real time, not scaled by the time knob: 0.1 s apart, their order holds even in a fast run on a busy machine, where a late timer thread can find two timers due at once and let them finish in either order (source: `TimerQueue.Portable.cs`).
NotebookApp.Heading("## As they complete: `Task.WhenEach`");

// ---- cell 17
await NotebookApp.Cell(17);
async Task<string> Download(string name, double seconds)
{
    await Task.Delay(TimeSpan.FromSeconds(seconds), Notebook.StopToken);   // real time
    return name;
}
var downloads = new[] { Download("slow", 0.3), Download("fast", 0.1), Download("medium", 0.2) };
var finishedOrder = new List<string>();
await foreach (var finished in Task.WhenEach(downloads))
{
    finishedOrder.Add(await finished);
    Console.WriteLine($"finished: {finishedOrder[^1]}");
}
Claim.Equal(string.Join(", ", finishedOrder), "fast, medium, slow", "tasks come in finish order");

// ## When several tasks fail
//
// Here Python and .NET differ. `await asyncio.gather(...)` raises the **first exception as soon as it happens**; the other tasks keep running, with nobody waiting for them (source: the asyncio docs, `gather`). `await Task.WhenAll(...)` completes only **after every task has finished**. Then `await` rethrows one exception, the first of them, and the task keeps **all** of them in `Exception.InnerExceptions`, an `AggregateException` (source: the `Task.WhenAll` docs). Which one is first depends on the overload: for tasks with a result, as here, the failures keep the order you passed the tasks in; the plain `Task.WhenAll(Task[])` lists them in the order they failed (source: dotnet/runtime `Task.cs`, `WhenAllPromise`; dotnet/runtime issue #93504). Below, `a` fails after 0.1 s, `b` after 0.3 s, and `c` succeeds after 0.5 s.
NotebookApp.Heading("## When several tasks fail");

// ---- cell 19
await NotebookApp.Cell(19);
async Task<string> Finish(string name, double seconds, bool fail)
{
    await Demo.DelaySecondsAsync(seconds);
    return fail ? throw new InvalidOperationException($"{name} failed") : name;
}
var failClock = Stopwatch.StartNew();
Task<string>[] jobs =
    [Finish("a", 0.1, fail: true), Finish("b", 0.3, fail: true), Finish("c", 0.5, fail: false)];
var whenAll = Task.WhenAll(jobs);
try { await whenAll; }
catch (InvalidOperationException first)
{
    Console.WriteLine($"await threw one after {failClock.ElapsedMilliseconds} ms: " +
        $"{first.Message}; by then c was {jobs[2].Status}");
}

// The exception `await` threw is only the first. The task from `WhenAll` kept every one of them, in its `Exception.InnerExceptions`:

// ---- cell 21
await NotebookApp.Cell(21);
var messages = whenAll.Exception!.InnerExceptions.Select(e => e.Message);
Console.WriteLine($"the task kept all: {string.Join(", ", messages)}");
Claim.That(jobs.All(j => j.IsCompleted), "WhenAll waits for every task",
    string.Join(", ", jobs.Select(j => j.Status)));

// `asyncio.gather(..., return_exceptions=True)` returns results and exceptions side by side, by position. In .NET, read each task after `WhenAll` (they have all finished, so `Result` does not block).
//
// > **Discuss.** `gather` raises at `a`'s failure while `b` and `c` run on unwatched; `WhenAll` waited for all three and kept every failure. When would you want each? How would you stop `b` and `c` at `a`'s failure in .NET (hint: one `CancellationTokenSource` shared by the tasks)?

// ---- cell 23
await NotebookApp.Cell(23);
var byPosition = jobs.Select(j =>
    j.IsCompletedSuccessfully ? j.Result : $"error: {j.Exception!.InnerException!.Message}");
Console.WriteLine($"like return_exceptions=True: [{string.Join(", ", byPosition)}]");

// ### Python's `TaskGroup`: it cancels the rest (optional)
//
// Python 3.11 added `asyncio.TaskGroup`. Like `WhenAll` it waits for its tasks, and it raises an `ExceptionGroup` (Python's `AggregateException`). But it does not let the others run on: at the **first failure it cancels every task still running**, waits for them, and the `ExceptionGroup` holds the failures of its tasks; a task that ends cancelled adds no error (source: CPython's `Lib/asyncio/taskgroups.py`: `_on_task_done` records each failed task's exception and, at the first, calls `_abort`, which cancels each task not yet done). Here `a` fails first, so `b` and `c` are cancelled before `b` would fail: the group should hold `a` alone. The cell runs the same three tasks in a `TaskGroup` with `python3` (at real time, 0.1, 0.3 and 0.5 s).
NotebookApp.Heading("### Python's `TaskGroup`: it cancels the rest (optional)");

// ---- cell 25
await NotebookApp.Cell(25);
if (PythonTwin.IsAvailable)
{
    var taskGroup = PythonTwin.Run("python/task_group.py");
    Console.Write(taskGroup);
    Claim.That(taskGroup.Contains("holds: a failed\n"),
        "TaskGroup's ExceptionGroup holds only a's failure", taskGroup);
}
else Console.WriteLine("python3 is not installed here, so the Python side is not run.");

// ## Timeouts and cancellation
//
// `asyncio.wait_for(aw, timeout)` **cancels** the awaited task when the time is up, then raises `TimeoutError` (source: the asyncio docs, `wait_for`). The .NET twin is a `CancellationTokenSource` that cancels itself after the timeout (`CancelAfter`, or the constructor), with its token passed **into** the work: code that awaits with the token ends with `OperationCanceledException` when it is cancelled.
NotebookApp.Heading("## Timeouts and cancellation");

// ---- cell 27
await NotebookApp.Cell(27);
var cancelTimeline = new Timeline("wait_for's twin: a token cancels the work at the deadline");
Task work;
using (var deadline = new CancellationTokenSource(Demo.Seconds(0.5)))
{
    work = cancelTimeline.RecordAsync("work (awaits with the token)",
        () => Task.Delay(Demo.Seconds(10), deadline.Token));
    try { await work; }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"the work ended at the deadline, {work.Status}");
    }
}
Claim.That(work.IsCanceled, "the token cancels the work", $"{work.Status}");
NotebookApp.Show(cancelTimeline);

// `WaitAsync(timeout)` is something else: it stops *waiting*, not the work, which runs on with nobody waiting for it. In Python that is `wait_for(shield(task), timeout)`.

// ---- cell 29
await NotebookApp.Cell(29);
var slowWork = Task.Delay(TimeSpan.FromSeconds(2), Notebook.StopToken);   // real seconds, any scale
var stillRunning = false;
try { await slowWork.WaitAsync(Demo.Seconds(0.5)); }
catch (TimeoutException)
{
    stillRunning = !slowWork.IsCompleted;
    Console.WriteLine($"gave up waiting after {Demo.Seconds(0.5).TotalMilliseconds:F0} ms; " +
        $"the work is still running (IsCompleted: {slowWork.IsCompleted})");
}
Claim.That(stillRunning, "the work runs on after WaitAsync gives up", $"{slowWork.Status}");
await slowWork;
Console.WriteLine($"...and it ran to the end on its own (IsCompleted: {slowWork.IsCompleted})");

// > **Discuss.** `WaitAsync` gave up waiting, but the work ran on. When is that what you want, and what can go wrong when nobody ever looks at that task again?
//
// > The notebook's **Stop** button is cancellation too: `Notebook.StopToken` is cancelled when you press it. `Demo.DelaySecondsAsync` passes it along, which is why these demos stop when you ask them to. A loop that never looks at a token cannot be stopped.
//
// ## 10,000 concurrent waits
//
// Waiting with `await` costs a small object, not a thread: a pending `Task.Delay` is an entry in the runtime's **timer queue**, and one runtime thread waits for the earliest due time of all of them (source: `TimerQueue.Portable.cs`). Let's start `waitCount` = 10,000 waits at once and count this process's threads before and while they wait; then compare with blocking threads doing the same waits (1,000 of them: 10,000 threads would take far longer to create). The cell after it checks what this one shows.
NotebookApp.Heading("## 10,000 concurrent waits");

// ---- cell 31
await NotebookApp.Cell(31);
var waitCount = 10_000;
var delay = Demo.Seconds(1);
var threadsBefore = Process.GetCurrentProcess().Threads.Count;
var clock = Stopwatch.StartNew();
var delays = Enumerable.Range(0, waitCount)
    .Select(_ => Task.Delay(delay, Notebook.StopToken)).ToArray();
var threadsDuring = Process.GetCurrentProcess().Threads.Count;
var pending = delays.Count(d => !d.IsCompleted);
await Task.WhenAll(delays);
var awaitTime = clock.Elapsed;
Console.WriteLine($"{waitCount:N0} waits of {delay.TotalMilliseconds:F0} ms: " +
    $"{awaitTime.TotalMilliseconds:F0} ms in all");
Console.WriteLine($"threads in this process: {threadsBefore} before, {threadsDuring} while " +
    $"{pending:N0} waits were pending");

// ---- cell 32
await NotebookApp.Cell(32);
Claim.AtLeast(pending, 1_000, "thousands of waits are pending at once");
Claim.AtMost(threadsDuring - threadsBefore, 50, "the waits hold no thread each");

// ---- cell 33
await NotebookApp.Cell(33);
clock.Restart();
var sleepers_33 = Enumerable.Range(0, 1_000)
    .Select(_ => new Thread(() => Thread.Sleep(delay))).ToList();
sleepers_33.ForEach(t => t.Start());
var startTime = clock.Elapsed;
sleepers_33.ForEach(t => t.Join());
var threadTime = clock.Elapsed;
Console.WriteLine($"1,000 sleeping threads: {threadTime.TotalMilliseconds:F0} ms in all; " +
    $"starting them, one after another: {startTime.TotalMicroseconds / 1_000:F0} µs per thread");
var perThread = (threadTime - delay).TotalMicroseconds / 1_000;
var perAwait = (awaitTime - delay).TotalMicroseconds / waitCount;
Console.WriteLine($"time beyond the delay, shared out: {perThread:F0} µs per thread, " +
    $"{perAwait:F2} µs per await");

// ---- cell 34
await NotebookApp.Cell(34);
NotebookApp.Show(QuickChart.Columns("Time beyond the delay, shared out per wait",
    new[] { "await Task.Delay", "new Thread + Sleep" },
    new[]
    {
        Math.Max(0.001, perAwait),
        Math.Max(0.001, perThread)
    },
    "microseconds per wait", "N1", logScale: true));

// ### What happened?
//
// Every `new Thread` is an operating-system thread with its own stack (Albahari, *Threading in C#*), and creating one takes time. An awaiting task needs neither: the 10,000 waits sat in the timer queue and held **no** thread (the thread count above did not grow with them); as each timer fired, a pool thread completed its task, a moment's work, and the last one let `Task.WhenAll` resume the cell. That is why servers written with `async`/`await` handle many thousands of connections, and why the .NET answer to "I/O-bound" is `await`, not a thread per request.
//
// **What "µs per thread" measures here.** The second line divides the time beyond one delay by 1,000: the cell thread starts 1,000 threads one after another (the first line's "starting them" part, while the earlier ones already sleep), the last one starts its sleep that much later, and then all of them are woken and joined, on the machine's cores. Notebook 3 times something else: `new Thread`, `Start` and `Join` of **one** thread that does nothing, with no other thread around, the best of 20 runs. The two figures answer different questions (the cost of one thread alone, the cost per thread of a thousand at once), so expect them to differ.
//
// > **Discuss.** A server holds 10,000 connections that mostly wait. Using the figures above, what would a thread per connection cost it, and what does an `await` per connection cost?
//
// ## Try it yourself
//
// > **Exercise 1: the fastest mirror.** `FastestAsync(sources)` gets a list of tasks that each return a name; return the name of the **first** one to finish, as soon as it finishes (`Task.WhenAny` returns the first finished task). The check finishes the sources itself, a different one first in each round, with names it makes up.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Try it yourself");

// ---- cell 36
await NotebookApp.Cell(36);
async Task<string> FastestAsync(IReadOnlyList<Task<string>> sources)
{
    // Your code here: await Task.WhenAny(sources), then await the task it returns.
    await Task.Yield();
    return "";
}

// ---- cell 37 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(37);
try
{
    await AsyncChecks.FastestMirror(FastestAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a deadline that cancels, like `wait_for`.** `WithDeadlineAsync(work, deadline)` starts `work` with a token that is cancelled at the deadline, and returns `"timed out"` if it was (catch `OperationCanceledException`). The check gives it work that finishes at once, then work that runs until it is cancelled, and checks that it was.

// ---- cell 39
await NotebookApp.Cell(39);
async Task<string> WithDeadlineAsync(Func<CancellationToken, Task<string>> work, TimeSpan deadline)
{
    // Your code here: a new CancellationTokenSource(deadline), then await work(its token).
    await Task.Yield();
    return "";
}

// ---- cell 40 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(40);
try
{
    await AsyncChecks.Deadline(WithDeadlineAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/04-async.csx`](solutions/04-async.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 42
await NotebookApp.Cell(42);
// Model answers for notebook 4's exercises. The notebook's Solutions cell runs this file with
// `#!import solutions/04-async.csx` after its own cells, so the helpers are already there.

// Exercise 1: WhenAny hands back the first task to finish; the second await takes its result.
async Task<string> FastestAsyncSolution(IReadOnlyList<Task<string>> sources) =>
    await await Task.WhenAny(sources);

await AsyncChecks.FastestMirror(FastestAsyncSolution);

// Exercise 2: the token source cancels itself at the deadline; the work sees it through its token.
async Task<string> WithDeadlineAsyncSolution(
    Func<CancellationToken, Task<string>> work, TimeSpan deadline)
{
    using (var cts = new CancellationTokenSource(deadline))
    {
        try { return await work(cts.Token); }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return "timed out";
        }
    }
}

await AsyncChecks.Deadline(WithDeadlineAsyncSolution);

// > **Playground.** In the 10,000-waits cell, set `var waitCount = 100;` and replace `Task.Delay(delay, Notebook.StopToken)` with `Task.Run(() => Demo.SleepSeconds(1))`: 100 jobs that each block a pool thread for the same delay (and wake when you press Stop). Run that cell again. How long does it take now, for a hundredth of the waits, and why? (Notebook 2 has the answer.) Put the cell back and run it again before the cells below it.

// ## Sources
//
// - [dotnet/runtime: TimerQueue.Portable.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/TimerQueue.Portable.cs): one timer thread waits for the earliest due timer and queues the due ones to the thread pool; no thread per pending `Task.Delay`.
// - [dotnet/runtime: TaskReplicator.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Threading.Tasks.Parallel/src/System/Threading/Tasks/TaskReplicator.cs): `Parallel.For` runs its first replica on the calling thread and queues further replicas to the pool.
// - [Stephen Cleary: ASP.NET Core SynchronizationContext](https://blog.stephencleary.com/2017/03/aspnetcore-synchronization-context.html): ASP.NET Core has none; legacy ASP.NET resumed in the request context.
// - [learn.microsoft.com: Task.WhenAll](https://learn.microsoft.com/dotnet/api/system.threading.tasks.task.whenall): the returned task completes when all have, and holds every task's exception.
// - [dotnet/runtime: Task.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/Tasks/Task.cs): `WhenAllPromise` collects the failures in the order the tasks failed, `WhenAllPromise<T>` in the order they were passed.
// - [dotnet/runtime issue #93504](https://github.com/dotnet/runtime/issues/93504): since .NET 8, awaiting the non-generic `Task.WhenAll` can throw a later task's exception; the generic one keeps the order of its arguments.
// - [docs.python.org: Coroutines and Tasks](https://docs.python.org/3/library/asyncio-task.html): `gather` propagates the first exception and leaves the others running; `wait_for` cancels on timeout; `shield`; `TaskGroup`.
// - [CPython: Lib/asyncio/taskgroups.py](https://github.com/python/cpython/blob/main/Lib/asyncio/taskgroups.py): at the first failure `TaskGroup` cancels the tasks not yet done; cancelled tasks add no error to the `ExceptionGroup`.
// - [Joseph Albahari: Threading in C#](https://www.albahari.com/threading/): each thread gets its own stack.
NotebookApp.Heading("## Sources");

// ---
// ⏪ Last: [3 · Multiprocessing](03-multiprocessing.ipynb) · ⏩ Next: [5 · Comparison](05-comparison.ipynb)

return NotebookApp.Finish();
