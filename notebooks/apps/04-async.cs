#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
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
// The thread ids may differ. During the `await` no thread is waiting: the timer holds a note saying "continue `AsyncTask` here". When it fires, the rest of the method runs on a free **thread-pool** thread. (In a UI app a `SynchronizationContext` would bring it back to the UI thread; old ASP.NET's brings it back to the request's context, on whichever thread is free. The notebook kernel and modern ASP.NET Core have none.)
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
if (!printed.SequenceEqual(seedOrder))
    throw new Exception($"Not the guide's order: {string.Join(", ", printed)}");
var waits = tl.Spans;
var overlapped = waits.Max(s => s.StartTicks) < waits.Min(s => s.EndTicks);
if (!overlapped || !waits.All(s => s.EndIsThreadPoolThread))
    throw new Exception("Expected three overlapping waits, each resumed on a pool thread.");
Console.WriteLine("✔ Three starts, then three completions; the waits overlapped; " +
    "each resumed on a pool thread.");
var seedLines = PythonSeed.Run("async_gather");
if (seedLines.Count > 0 && !seedLines.SequenceEqual(seedOrder))
    throw new Exception($"python3 printed another order: {string.Join(", ", seedLines)}");

// Each bar starts on the cell's thread and ends on a thread-pool thread: the connector is the **hop** an `await` makes. All three waits overlap, so the whole thing takes one delay, not three. Python prints the same six lines: `gather` overlaps the waits on one thread, its event loop.
//
// ### Everything on one clock
//
// Threads, a thread-pool map and an `await`, recorded on one timeline: two named threads sleep 2 s, an async span waits 2 s, and meanwhile `Parallel.For` counts primes on pool threads (the amount of counting follows the time knob too, so the bars keep their size). The cell after the chart reads the spans back and says what overlapped.
NotebookApp.Heading("### Everything on one clock");

// ---- cell 10
await NotebookApp.Cell(10);
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
var others = spans.Where(s => !s.Label.StartsWith("map item")).ToList();
bool Overlap(SpanRecord a, SpanRecord b) => a.StartTicks < b.EndTicks && b.StartTicks < a.EndTicks;
var inside = spans.Count(m => m.Label.StartsWith("map item") && others.All(o => Overlap(m, o)));
var hop = spans.Single(s => s.Kind == SpanKind.Async);
Console.WriteLine($"{inside} of 4 map items ran while both threads slept and the await waited.");
Console.WriteLine($"The await started on thread {hop.ManagedThreadId} and resumed on thread " +
    $"{hop.EndManagedThreadId} (a pool thread: {hop.EndIsThreadPoolThread}).");
if (inside == 0 || !hop.Hopped)
    throw new Exception("Expected the map inside the waits, and a hop.");

// A timeline can also leave the notebook: `ToChromeTrace()` writes the Chrome trace format. Open the file in [Perfetto](https://ui.perfetto.dev) or `chrome://tracing` to zoom and search.

// ---- cell 13
await NotebookApp.Cell(13);
var tracePath = Path.Combine(Path.GetTempPath(), "concurrency-notebooks-04.json");
var traceJson = all.ToChromeTrace();
File.WriteAllText(tracePath, traceJson);
Console.WriteLine($"wrote {traceJson.Length:N0} characters of Chrome trace JSON to {tracePath}");

// ### Hot tasks: a difference from Python
//
// A Python coroutine does nothing until it is awaited or gathered. A .NET `Task` is **hot**: calling an `async` method starts it right away, and `await` only waits for it.
NotebookApp.Heading("### Hot tasks: a difference from Python");

// ---- cell 15
await NotebookApp.Cell(15);
var started = AsyncTask();          // "Task started" prints now, before any await
Console.WriteLine("...the cell goes on while the task waits...");
await started;                      // now wait for it to finish

// ## As they complete: `Task.WhenEach`
//
// `asyncio.as_completed` hands you tasks in the order they finish. .NET 9 added `Task.WhenEach`, an `IAsyncEnumerable` you consume with `await foreach`.
NotebookApp.Heading("## As they complete: `Task.WhenEach`");

// ---- cell 17
await NotebookApp.Cell(17);
async Task<string> Download(string name, double seconds)
{
    await Demo.DelaySecondsAsync(seconds);
    return name;
}
var downloads = new[] { Download("slow", 1.5), Download("fast", 0.5), Download("medium", 1.0) };
var finishedOrder = new List<string>();
await foreach (var finished in Task.WhenEach(downloads))
{
    finishedOrder.Add(await finished);
    Console.WriteLine($"finished: {finishedOrder[^1]}");
}
if (!finishedOrder.SequenceEqual(["fast", "medium", "slow"]))
    throw new Exception("Not in finish order.");

// ## When several tasks fail
//
// Here Python and .NET differ. `await asyncio.gather(...)` raises the **first exception as soon as it happens**; the other tasks keep running, with nobody waiting for them. `await Task.WhenAll(...)` completes only **after every task has finished**. Then `await` rethrows one exception (the first failed task's, in the order you passed them), and the task keeps **all** of them in `Exception.InnerExceptions`, an `AggregateException`. Below, `a` fails after 0.1 s, `b` after 0.3 s, and `c` succeeds after 0.5 s.
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
if (!jobs.All(j => j.IsCompleted)) throw new Exception("Expected WhenAll to wait for every task.");

// `asyncio.gather(..., return_exceptions=True)` returns results and exceptions side by side, by position. In .NET, read each task after `WhenAll` (they have all finished, so `Result` does not block). And the closer Python analogue of `AggregateException` is Python 3.11's `asyncio.TaskGroup`: it waits for its tasks and raises an `ExceptionGroup` holding every failure (unlike `WhenAll`, it also cancels the others at the first failure).

// ---- cell 23
await NotebookApp.Cell(23);
var byPosition = jobs.Select(j =>
    j.IsCompletedSuccessfully ? j.Result : $"error: {j.Exception!.InnerException!.Message}");
Console.WriteLine($"like return_exceptions=True: [{string.Join(", ", byPosition)}]");

// ## Timeouts and cancellation
//
// `asyncio.wait_for(aw, timeout)` **cancels** the awaited task when the time is up, then raises `TimeoutError`. The .NET twin is a `CancellationTokenSource` that cancels itself after the timeout (`CancelAfter`, or the constructor), with its token passed **into** the work: code that awaits with the token ends with `OperationCanceledException` when it is cancelled.
NotebookApp.Heading("## Timeouts and cancellation");

// ---- cell 25
await NotebookApp.Cell(25);
var cancelTimeline = new Timeline("wait_for's twin: a token cancels the work at the deadline");
using (var deadline = new CancellationTokenSource(Demo.Seconds(0.5)))
{
    var work = cancelTimeline.RecordAsync("work (awaits with the token)",
        () => Task.Delay(Demo.Seconds(10), deadline.Token));
    try { await work; }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"the work ended at the deadline, {work.Status}");
    }
    if (!work.IsCanceled) throw new Exception("Expected the work to be cancelled.");
}
NotebookApp.Show(cancelTimeline);

// `WaitAsync(timeout)` is something else: it stops *waiting*, not the work, which runs on with nobody waiting for it. In Python that is `wait_for(shield(task), timeout)`.

// ---- cell 27
await NotebookApp.Cell(27);
var slowWork = Demo.DelaySecondsAsync(2);
try { await slowWork.WaitAsync(Demo.Seconds(0.5)); }
catch (TimeoutException)
{
    Console.WriteLine($"gave up waiting after {Demo.Seconds(0.5).TotalMilliseconds:F0} ms; " +
        $"the work is still running (IsCompleted: {slowWork.IsCompleted})");
}
if (slowWork.IsCompleted)
    throw new Exception("Expected the work to run on after WaitAsync gave up.");
await slowWork;
Console.WriteLine($"...and it ran to the end on its own (IsCompleted: {slowWork.IsCompleted})");

// > The notebook's **Stop** button is cancellation too: `Notebook.StopToken` is cancelled when you press it. `Demo.DelaySecondsAsync` passes it along, which is why these demos stop when you ask them to. A loop that never looks at a token cannot be stopped.
//
// ## 10,000 concurrent waits
//
// Waiting with `await` costs a small object, not a thread: a pending `Task.Delay` is an entry in the runtime's **timer queue**, and no thread sits waiting for it. Let's start 10,000 waits at once and count this process's threads before and while they wait; then compare with blocking threads doing the same waits (1,000 of them: 10,000 threads would take far longer to create).
NotebookApp.Heading("## 10,000 concurrent waits");

// ---- cell 29
await NotebookApp.Cell(29);
var delay = Demo.Seconds(1);
var threadsBefore = Process.GetCurrentProcess().Threads.Count;
var clock = Stopwatch.StartNew();
var delays = Enumerable.Range(0, 10_000)
    .Select(_ => Task.Delay(delay, Notebook.StopToken)).ToArray();
var threadsDuring = Process.GetCurrentProcess().Threads.Count;
var pending = delays.Count(d => !d.IsCompleted);
await Task.WhenAll(delays);
var awaitTime = clock.Elapsed;
Console.WriteLine($"10,000 awaits of {delay.TotalMilliseconds:F0} ms: " +
    $"{awaitTime.TotalMilliseconds:F0} ms in all");
Console.WriteLine($"threads in this process: {threadsBefore} before, {threadsDuring} while " +
    $"{pending:N0} waits were pending");
if (pending < 1_000 || threadsDuring - threadsBefore > 50)
    throw new Exception("Expected thousands of pending waits and no thread per wait.");

// ---- cell 30
await NotebookApp.Cell(30);
clock.Restart();
var sleepers_30 = Enumerable.Range(0, 1_000)
    .Select(_ => new Thread(() => Thread.Sleep(delay))).ToList();
sleepers_30.ForEach(t => t.Start());
sleepers_30.ForEach(t => t.Join());
var threadTime = clock.Elapsed;
Console.WriteLine($"1,000 sleeping threads: {threadTime.TotalMilliseconds:F0} ms in all, " +
    $"{(threadTime - delay).TotalMicroseconds / 1_000:F0} µs of overhead per thread");
Console.WriteLine(
    $"10,000 awaits: {(awaitTime - delay).TotalMicroseconds / 10_000:F2} µs of overhead per wait");

// ---- cell 31
await NotebookApp.Cell(31);
NotebookApp.Show(QuickChart.Columns("Overhead of one concurrent wait (beyond the delay itself)",
    new[] { "await Task.Delay", "new Thread + Sleep" },
    new[]
    {
        Math.Max(0.001, (awaitTime - delay).TotalMicroseconds / 10_000),
        Math.Max(0.001, (threadTime - delay).TotalMicroseconds / 1_000)
    },
    "microseconds per wait", "N1", logScale: true));

// ### What happened?
//
// Every thread needs its own stack and a kernel object, and creating one takes time. An awaiting task needs neither: the 10,000 waits sat in the timer queue and held **no** thread (the thread count above did not grow with them); as each timer fired, a pool thread ran the rest of its method for a moment. That is why servers written with `async`/`await` handle many thousands of connections, and why the .NET answer to "I/O-bound" is `await`, not a thread per request.
//
// ## Try it yourself
//
// > **Exercise 1: the fastest mirror.** `FastestAsync(sources)` gets a list of tasks that each return a name; return the name of the **first** one to finish, as soon as it finishes (`Task.WhenAny` returns the first finished task). The check finishes the sources itself, a different one first in each round, with names it makes up.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Try it yourself");

// ---- cell 33
await NotebookApp.Cell(33);
async Task<string> FastestAsync(IReadOnlyList<Task<string>> sources)
{
    // Your code here: await Task.WhenAny(sources), then await the task it returns.
    await Task.Yield();
    return "";
}

// ---- cell 34 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(34);
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

// ---- cell 36
await NotebookApp.Cell(36);
async Task<string> WithDeadlineAsync(Func<CancellationToken, Task<string>> work, TimeSpan deadline)
{
    // Your code here: a new CancellationTokenSource(deadline), then await work(its token).
    await Task.Yield();
    return "";
}

// ---- cell 37 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(37);
try
{
    await AsyncChecks.Deadline(WithDeadlineAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// <details><summary><b>Solutions</b> (try first!)</summary>
//
// The two cells below are model answers; each runs its check again.
// </details>

// ---- cell 39
await NotebookApp.Cell(39);
async Task<string> FastestAsyncSolution(IReadOnlyList<Task<string>> sources) =>
    await await Task.WhenAny(sources);
await AsyncChecks.FastestMirror(FastestAsyncSolution);

// ---- cell 40
await NotebookApp.Cell(40);
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

// > **Playground.** Replace `Task.Delay` in the 10,000-waits cell with `Task.Run(() => Thread.Sleep(delay))`. How long does it take now, and why? (Notebook 2 has the answer.)
//
// ---
// ⏪ Last: [3 · Multiprocessing](03-multiprocessing.ipynb) · ⏩ Next: [5 · Comparison](05-comparison.ipynb)

return NotebookApp.Finish();
