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
using ConcurrencyNotebooks.Demos;
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
    "using ConcurrencyNotebooks.Demos;",
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
// The C# twin. An `async` method returns a `Task`; `Demo.DelaySecondsAsync(2)` is `asyncio.sleep(2)`, scaled by the time knob. There is no event loop to start: the cell simply awaits.
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

// ### What happened?
//
// The thread ids may differ. During the `await` no thread is waiting: the timer holds a note saying "continue `AsyncTask` here". When it fires, the rest of the method runs on a free **thread-pool** thread. (In a UI app or old ASP.NET a `SynchronizationContext` would bring it back to the original thread; the notebook kernel and modern ASP.NET Core have none.)
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
// The twin is `Task.WhenAll`. This time each task records a span on a timeline, so you can see the three waits overlap and where each one resumed. A span around an `await` is an `AsyncSpan`: it travels with the async code, so anything started after the `await` still nests in it, even on another thread.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## `asyncio.gather`");

// ---- cell 6
await NotebookApp.Cell(6);
var tl = new Timeline("Task.WhenAll of three AsyncTask()s");
async Task TracedTask(int n)
{
    using (tl.AsyncSpan($"async_task {n}"))
    {
        await Demo.DelaySecondsAsync(2);
    }
}
await Task.WhenAll(Enumerable.Range(1, 3).Select(TracedTask));
NotebookApp.Show(tl);

// Each bar starts on the cell's thread and ends on a thread-pool thread: the connector is the **hop** an `await` makes. All three waits overlap, so the whole thing takes one delay, not three.
//
// ### Everything on one clock
//
// Threads, a thread-pool map and an `await`, recorded on one timeline: two named threads sleep, `Parallel.For` counts primes on pool threads, and an async span waits. Look for the overlap, and for the hop at the end of the async bar.
NotebookApp.Heading("### Everything on one clock");

// ---- cell 8
await NotebookApp.Cell(8);
var all = new Timeline("two threads, a pool map and an await");
var sleepers = Enumerable.Range(1, 2)
    .Select(i => new Thread(() => all.Record($"Sleep on thread {i}", () => Demo.SleepSeconds(1)))
        { Name = $"worker-{i}" })
    .ToList();
sleepers.ForEach(t => t.Start());
Parallel.For(0, 4, i => all.Record($"map item {i}", () => CpuWork.CountPrimes(0, 150_000)));
using (all.AsyncSpan("async: await DelayAsync(1)"))
{
    await Demo.DelaySecondsAsync(1);
}
sleepers.ForEach(t => t.Join());
NotebookApp.Show(all);

// A timeline can also leave the notebook: `ToChromeTrace()` writes the Chrome trace format. Open the file in [Perfetto](https://ui.perfetto.dev) or `chrome://tracing` to zoom and search.

// ---- cell 10
await NotebookApp.Cell(10);
var tracePath = Path.Combine(Path.GetTempPath(), "concurrency-notebooks-04.json");
var traceJson = all.ToChromeTrace();
File.WriteAllText(tracePath, traceJson);
Console.WriteLine($"wrote {traceJson.Length:N0} characters of Chrome trace JSON to {tracePath}");

// ### Hot tasks: a difference from Python
//
// A Python coroutine does nothing until it is awaited or gathered. A .NET `Task` is **hot**: calling an `async` method starts it right away, and `await` only waits for it.
NotebookApp.Heading("### Hot tasks: a difference from Python");

// ---- cell 12
await NotebookApp.Cell(12);
var started = AsyncTask();          // "Task started" prints now, before any await
Console.WriteLine("...the cell goes on while the task waits...");
await started;                      // now wait for it to finish

// ## As they complete: `Task.WhenEach`
//
// `asyncio.as_completed` hands you tasks in the order they finish. .NET 9 added `Task.WhenEach`, an `IAsyncEnumerable` you consume with `await foreach`.
NotebookApp.Heading("## As they complete: `Task.WhenEach`");

// ---- cell 14
await NotebookApp.Cell(14);
async Task<string> Download(string name, double seconds)
{
    await Demo.DelaySecondsAsync(seconds);
    return name;
}
var downloads = new[] { Download("slow", 1.5), Download("fast", 0.5), Download("medium", 1.0) };
await foreach (var finished in Task.WhenEach(downloads))
    Console.WriteLine($"finished: {await finished}");

// ## When several tasks fail
//
// `await Task.WhenAll(...)` throws the **first** exception, like `gather`. The task itself keeps **all** of them in `Exception.InnerExceptions`, like `gather(..., return_exceptions=True)`.
NotebookApp.Heading("## When several tasks fail");

// ---- cell 16
await NotebookApp.Cell(16);
async Task Fail(string name)
{
    await Demo.DelaySecondsAsync(0.1);
    throw new InvalidOperationException($"{name} failed");
}
var all_16 = Task.WhenAll(Fail("a"), Fail("b"), Fail("c"));
try { await all_16; }
catch (InvalidOperationException first) { Console.WriteLine($"await threw one: {first.Message}"); }
Console.WriteLine($"the task kept all: " +
    $"{string.Join(", ", all_16.Exception!.InnerExceptions.Select(e => e.Message))}");

// ## Timeouts and cancellation
//
// `asyncio.wait_for(aw, timeout)` has a twin in `WaitAsync(timeout)`: it stops *waiting*, it does not stop the work. To stop the work itself, pass a `CancellationToken`: code that awaits with the token ends with `OperationCanceledException` when it is cancelled.
NotebookApp.Heading("## Timeouts and cancellation");

// ---- cell 18
await NotebookApp.Cell(18);
try
{
    await Demo.DelaySecondsAsync(2).WaitAsync(Demo.Seconds(0.5));
}
catch (TimeoutException)
{
    Console.WriteLine($"gave up waiting after {Demo.Seconds(0.5).TotalMilliseconds:F0} ms");
}

// ---- cell 19
await NotebookApp.Cell(19);
var cancelTimeline = new Timeline("cancellation");
using (var cts = new CancellationTokenSource())
{
    var work = cancelTimeline.RecordAsync("work (awaits with the token)",
        () => Task.Delay(Demo.Seconds(10), cts.Token));
    await Demo.DelaySecondsAsync(0.5);
    cancelTimeline.Mark("cancel requested");
    cts.Cancel();
    try { await work; }
    catch (OperationCanceledException)
    {
        Console.WriteLine("the work stopped as soon as it was cancelled");
    }
}
NotebookApp.Show(cancelTimeline);

// > The notebook's **Stop** button is cancellation too: `Notebook.StopToken` is cancelled when you press it. `Demo.DelaySecondsAsync` passes it along, which is why these demos stop when you ask them to. A loop that never looks at a token cannot be stopped.
//
// ## 10,000 concurrent waits
//
// Waiting with `await` costs a small object, not a thread. Let's start 10,000 waits at once, and compare with blocking threads doing the same waits (1,000 of them: 10,000 threads would take far longer to create).
NotebookApp.Heading("## 10,000 concurrent waits");

// ---- cell 21
await NotebookApp.Cell(21);
var delay = Demo.Seconds(1);
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, 10_000).Select(_ => Task.Delay(delay, Notebook.StopToken)));
var awaitTime = clock.Elapsed;
Console.WriteLine($"10,000 awaits of {delay.TotalMilliseconds:F0} ms: " +
    $"{awaitTime.TotalMilliseconds:F0} ms in all, thread-pool threads: {ThreadPool.ThreadCount}");

// ---- cell 22
await NotebookApp.Cell(22);
clock.Restart();
var sleepers_22 = Enumerable.Range(0, 1_000)
    .Select(_ => new Thread(() => Thread.Sleep(delay))).ToList();
sleepers_22.ForEach(t => t.Start());
sleepers_22.ForEach(t => t.Join());
var threadTime = clock.Elapsed;
Console.WriteLine($"1,000 sleeping threads: {threadTime.TotalMilliseconds:F0} ms in all, " +
    $"{(threadTime - delay).TotalMilliseconds / 1_000:F2} ms of overhead per thread");
Console.WriteLine(
    $"10,000 awaits: {(awaitTime - delay).TotalMilliseconds / 10_000:F3} ms of overhead per wait");

// ---- cell 23
await NotebookApp.Cell(23);
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
// Every thread needs its own stack and a kernel object, and creating one takes time. An awaiting task needs neither: 10,000 of them wait on a handful of threads. That is why servers written with `async`/`await` handle many thousands of connections, and why the .NET answer to "I/O-bound" is `await`, not a thread per request.
//
// ## Try it yourself
//
// > **Exercise 1: the fastest mirror.** `FastestAsync(sources)` gets a list of tasks that each return a name; return the name of the **first** one to finish (`Task.WhenAny` returns the first finished task).
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Try it yourself");

// ---- cell 25
await NotebookApp.Cell(25);
async Task<string> FastestAsync(IReadOnlyList<Task<string>> sources)
{
    // Your code here: await Task.WhenAny(sources), then await the task it returns.
    await Task.Yield();
    return "";
}

// ---- cell 26 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(26);
async Task CheckExercise1(Func<IReadOnlyList<Task<string>>, Task<string>> fastest)
{
    var mirrors = new[]
    {
        Download("europe", 1.0), Download("asia", 0.2), Download("america", 0.6)
    };
    var winner = await fastest(mirrors);
    if (winner != "asia")
        throw new Exception(
            $"Not yet: the fastest mirror is 'asia' (0.2 s), but you returned '{winner}'.");
    Console.WriteLine("✔ asia answered first.");
}
try
{
    await CheckExercise1(FastestAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a deadline.** `WithDeadlineAsync(work, deadline)` awaits `work` but gives up after `deadline`, returning `"timed out"` instead of throwing (`WaitAsync` and a `catch (TimeoutException)`).

// ---- cell 28
await NotebookApp.Cell(28);
async Task<string> WithDeadlineAsync(Task<string> work, TimeSpan deadline)
{
    // Your code here.
    return await work;
}

// ---- cell 29 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(29);
async Task CheckExercise2(Func<Task<string>, TimeSpan, Task<string>> withDeadline)
{
    var quick = await withDeadline(Download("quick", 0.1), Demo.Seconds(2));
    var slow = await withDeadline(Download("slow", 5), Demo.Seconds(0.3));
    if (quick != "quick" || slow != "timed out")
        throw new Exception(
            $"Not yet: expected 'quick' and 'timed out', got '{quick}' and '{slow}'.");
    Console.WriteLine("✔ The quick one finished; the slow one was cut off at the deadline.");
}
try
{
    await CheckExercise2(WithDeadlineAsync);
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

// ---- cell 31
await NotebookApp.Cell(31);
async Task<string> FastestAsyncSolution(IReadOnlyList<Task<string>> sources) =>
    await await Task.WhenAny(sources);
await CheckExercise1(FastestAsyncSolution);

// ---- cell 32
await NotebookApp.Cell(32);
async Task<string> WithDeadlineAsyncSolution(Task<string> work, TimeSpan deadline)
{
    try { return await work.WaitAsync(deadline); }
    catch (TimeoutException) { return "timed out"; }
}
await CheckExercise2(WithDeadlineAsyncSolution);

// > **Playground.** Replace `Task.Delay` in the 10,000-waits cell with `Task.Run(() => Thread.Sleep(delay))`. How long does it take now, and why? (Notebook 2 has the answer.)
//
// ---
// ⏪ Last: [3 · Multiprocessing](03-multiprocessing.ipynb) · ⏩ Next: [5 · Comparison](05-comparison.ipynb)

return NotebookApp.Finish();
