#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
#:property PublishAot=false
// Generated from notebooks/02-threading.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/02-threading.cs
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

// # 2 · Threading: `Thread`, the thread pool, and `map`
//
// The guide's second section starts a thread, waits for it, and then maps a function over five inputs with a `ThreadPoolExecutor`. Here you will
//
// - run both snippets as C# twins and **see** them on a timeline: one lane per thread, one bar per piece of work;
// - meet the .NET **thread pool**, measure how many threads it starts with, and watch what happens when blocking work asks for more;
// - learn when to block a thread and when to `await` instead;
// - fix a race condition with `Interlocked`, and check your own answers at the end.
NotebookApp.Heading("# 2 · Threading: `Thread`, the thread pool, and `map`");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("02-threading", "..", [
    "using System.Diagnostics;",
    "using ConcurrencyNotebooks;",
    "using ConcurrencyNotebooks.Charts;",
    "using ConcurrencyNotebooks.Demos;",
    "using ConcurrencyNotebooks.Processes;",
    "using ConcurrencyNotebooks.Timelines;",
    "using ConcurrencyNotebooks.Apps;",
]);

// > The setup cell prints the time scale. `Demo.Seconds(2)` is the guide's `sleep(2)` scaled by it: two real seconds in class, much less in the test suite. Set `Demo.TimeScale = 1;` to see real time.
//
// ## Start a thread and join it
//
// The guide:
//
// ```python
// import threading
// import time
//
// def task():
//     print("Task started")
//     time.sleep(2)
//     print("Task completed")
//
// thread = threading.Thread(target=task)
// thread.start()
// thread.join()  # Wait for the thread to finish
// ```
//
// The C# twin. `Demo.SleepSeconds(2)` blocks the thread like `time.sleep(2)` (scaled), and wakes up if you press Stop.
NotebookApp.Heading("## Start a thread and join it");

// ---- cell 4
await NotebookApp.Cell(4);
void RunTask()
{
    Console.WriteLine($"Task started on thread {Environment.CurrentManagedThreadId}");
    Demo.SleepSeconds(2);
    Console.WriteLine("Task completed");
}

var thread = new Thread(RunTask);
thread.Start();
thread.Join();  // Wait for the thread to finish
Console.WriteLine($"joined, back on thread {Environment.CurrentManagedThreadId}");

// The thread's lines appear under the cell because the cell waited (`Join`) while the thread printed. A thread that is still printing **after** its cell has finished writes into the void: the notebook only shows output while the cell runs. Always join (or `await`) what you start.
//
// ### The same thing on a timeline
//
// A `Timeline` records spans: `tl.Record("label", work)` times the work on whatever thread runs it. Ending a cell with `tl` draws it: one lane per thread.
NotebookApp.Heading("### The same thing on a timeline");

// ---- cell 6
await NotebookApp.Cell(6);
var tl = new Timeline("Thread.Start + Join");
var worker = new Thread(() => tl.Record("task(): sleep(2)", () => Demo.SleepSeconds(2)))
{
    Name = "worker"
};
tl.Record("main: Start + Join", () =>
{
    worker.Start();
    worker.Join();
});
NotebookApp.Show(tl);

// Two lanes: the cell's thread (`main`) waits inside its bar while the `worker` lane does the sleeping. Hover over a bar to see its thread ids and duration.
//
// ### Foreground and background threads
//
// A `new Thread` is a **foreground** thread: a .NET program does not exit while one is running. Thread-pool threads are **background** threads: they never keep a program alive. (The notebook kernel lives on either way, which is why joining matters more than the flag here.)
NotebookApp.Heading("### Foreground and background threads");

// ---- cell 8
await NotebookApp.Cell(8);
var plain = new Thread(() => { });
var poolThreadIsBackground = await Task.Run(() => Thread.CurrentThread.IsBackground);
Console.WriteLine($"new Thread(...).IsBackground: {plain.IsBackground}");
Console.WriteLine($"a thread-pool thread's IsBackground: {poolThreadIsBackground}");

// ## The thread pool: the guide's `ThreadPoolExecutor.map`
//
// The guide:
//
// ```python
// from concurrent.futures import ThreadPoolExecutor
//
// def task(n):
//     time.sleep(1)
//     return f"Task {n} done"
//
// with ThreadPoolExecutor(max_workers=5) as executor:
//     results = executor.map(task, range(5))
//     print(list(results))
// ```
//
// .NET has one shared **thread pool** per process, and `Task.Run` hands work to it. `Task.WhenAll` waits for all of them and returns the results **in input order**, like `map`.
NotebookApp.Heading("## The thread pool: the guide's `ThreadPoolExecutor.map`");

// ---- cell 10
await NotebookApp.Cell(10);
string Job(int n)
{
    Demo.SleepSeconds(1);
    return $"Task {n} done";
}

var started = Stopwatch.GetTimestamp();
var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(n => Task.Run(() => Job(n))));
var mapTime = Stopwatch.GetElapsedTime(started);
Console.WriteLine(string.Join(", ", results));
Console.WriteLine($"5 jobs of {Demo.Seconds(1).TotalMilliseconds:F0} ms each " +
    $"took {mapTime.TotalMilliseconds:F0} ms");

// Python's executor has exactly five threads, so five sleeps overlap completely. Did the .NET version take one sleep, or more? Let's ask the pool how it is set up.

// ---- cell 12
await NotebookApp.Cell(12);
ThreadPool.GetMinThreads(out var minWorkers, out _);
Console.WriteLine($"cores: {Environment.ProcessorCount}, the pool starts with {minWorkers} " +
    $"worker threads, it has {ThreadPool.ThreadCount} now");
Console.WriteLine($"5 blocking jobs on {minWorkers} threads need about " +
    $"{Math.Ceiling(5.0 / minWorkers)} rounds of sleep; " +
    $"we measured {mapTime / Demo.Seconds(1):F1}");

// ### What happened?
//
// The pool starts with about one thread per core, because that is the right number for **CPU-bound** work. When jobs *block* (sleep, wait on a lock, synchronous I/O), the pool notices it is starved and adds threads, but slowly (on purpose: it can't tell a blocked thread from a busy one). Blocking jobs on the thread pool therefore queue up. The timeline shows it: few lanes, bars one after another. `sampleThreadPool: true` also draws the pool's thread count (and how many cores are busy) on the right-hand axis.
NotebookApp.Heading("### What happened?");

// ---- cell 14
await NotebookApp.Cell(14);
var poolTimeline = new Timeline("5 blocking jobs on the thread pool", sampleThreadPool: true);
await Task.WhenAll(Enumerable.Range(0, 5).Select(n =>
    Task.Run(() => poolTimeline.Record($"Job({n})", () => Job(n)))));
NotebookApp.Show(poolTimeline);

// ### Watch it live
//
// With more jobs the starvation lasts longer. `ShowLive()` redraws the timeline under the cell while it runs: watch the pool add lanes one at a time, and the thread count on the right axis climb in steps.
NotebookApp.Heading("### Watch it live");

// ---- cell 16
await NotebookApp.Cell(16);
var live = new Timeline("20 blocking jobs, live", sampleThreadPool: true);
using (live.ShowLive())
{
    await Task.WhenAll(Enumerable.Range(0, 20)
        .Select(n => Task.Run(() => live.Record($"Job({n})", () => Job(n)))));
}
ThreadPool.GetMinThreads(out var minNow, out _);
Console.WriteLine(
    $"the pool grew from {minNow} to {ThreadPool.ThreadCount} threads to run 20 blocking jobs");

// There are two honest fixes, and one you should know about.
//
// **1. Ask for a degree of parallelism**, like `max_workers=5`: `Parallel.ForEachAsync` runs at most `MaxDegreeOfParallelism` jobs at once. With blocking jobs it still needs pool threads.
//
// **2. Don't block: `await`.** A job that waits with `await Task.Delay` (or `await` on a network call) holds **no thread** while it waits, so five of them, or five thousand, overlap on a handful of threads. This is what .NET code does for I/O.

// ---- cell 18
await NotebookApp.Cell(18);
async Task<string> JobAsync(int n)
{
    await Demo.DelaySecondsAsync(1);   // waits without holding a thread
    return $"Task {n} done";
}

var asyncTimeline = new Timeline("5 awaiting jobs");
started = Stopwatch.GetTimestamp();
var asyncResults = await Task.WhenAll(Enumerable.Range(0, 5)
    .Select(n => asyncTimeline.RecordAsync($"JobAsync({n})", () => JobAsync(n))));
var asyncTime = Stopwatch.GetElapsedTime(started);
Console.WriteLine($"{string.Join(", ", asyncResults)} in {asyncTime.TotalMilliseconds:F0} ms " +
    $"({mapTime / asyncTime:F1}× faster than blocking)");
NotebookApp.Show(asyncTimeline);

// All five bars overlap: the waits happen together. (A span that starts on one thread and ends on another is drawn with a connector: that is the `await` hopping threads.)
//
// **3. The escape hatch: `ThreadPool.SetMinThreads`.** It tells the pool to create threads on demand up to a number. It works, but it changes the whole process, so it is a last resort for code you cannot make asynchronous. We raise it, measure, and put it back.

// ---- cell 20
await NotebookApp.Cell(20);
ThreadPool.GetMinThreads(out var oldWorkers, out var oldIo);
ThreadPool.SetMinThreads(5, oldIo);
try
{
    var raised = Measure.Best(
        () => Task.WhenAll(Enumerable.Range(0, 5).Select(n => Task.Run(() => Job(n)))).Wait(),
        runs: 1);
    Console.WriteLine($"min threads 5: {raised.TotalMilliseconds:F0} ms " +
        $"(was {mapTime.TotalMilliseconds:F0} ms with {oldWorkers})");
}
finally
{
    ThreadPool.SetMinThreads(oldWorkers, oldIo);
}

// ### `Parallel.ForEach`: CPU-bound map with a degree of parallelism
//
// For **CPU-bound** work, threads are exactly right in .NET (there is no GIL; notebook 1 measured it). `Parallel.ForEach` splits the items over pool threads, at most `MaxDegreeOfParallelism` at once. Results come back in any order, so we write each into its own slot to keep `map`'s order.
NotebookApp.Heading("### `Parallel.ForEach`: CPU-bound map with a degree of parallelism");

// ---- cell 22
await NotebookApp.Cell(22);
var limits = new[] { 200_000, 400_000, 600_000, 800_000 };
var counts = new int[limits.Length];
var cpuTimeline = new Timeline("Parallel.ForEach, CPU-bound");
var options = new ParallelOptions
{
    MaxDegreeOfParallelism = Environment.ProcessorCount,
    CancellationToken = Notebook.StopToken
};
Parallel.ForEach(limits.Select((limit, index) => (limit, index)), options, item =>
    counts[item.index] = cpuTimeline.Record($"primes below {item.limit:N0}",
        () => CpuWork.CountPrimes(0, item.limit)));
Console.WriteLine(string.Join(", ",
    counts.Select((c, i) => $"{c:N0} primes below {limits[i]:N0}")));
NotebookApp.Show(cpuTimeline);

// Bars on different lanes overlap in time: several cores counting at once.
//
// ## Shared memory needs care: a race
//
// Threads share memory, so two threads can update the same variable at the same moment. `count++` is read, add, write: two threads can read the same old value, and one increment is lost. This cell shows it (the total is usually wrong, and differs each run; it is not checked, because it is *supposed* to be wrong).
NotebookApp.Heading("## Shared memory needs care: a race");

// ---- cell 24
await NotebookApp.Cell(24);
int RacyCount(int threads, int incrementsEach)
{
    var count = 0;
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < incrementsEach; i++) count++;
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}
Console.WriteLine($"expected {4 * 1_000_000:N0}, got {RacyCount(4, 1_000_000):N0}");

// ## Try it yourself
//
// > **Exercise 1: an ordered `map` on the thread pool.** Write `MapOnPool(items, f)` so it runs `f` on every item with `Task.Run`, waits for all, and returns the results **in the order of the items** (like `executor.map`). The check gives the jobs random durations, so the order they finish in is scrambled.
NotebookApp.Heading("## Try it yourself");

// ---- cell 26
await NotebookApp.Cell(26);
async Task<TResult[]> MapOnPool<T, TResult>(IEnumerable<T> items, Func<T, TResult> f)
{
    // Your code here: start one Task.Run per item, then await them all.
    await Task.Yield();
    return Array.Empty<TResult>();
}

// ---- cell 27 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(27);
async Task CheckExercise1(Func<IEnumerable<int>, Func<int, int>, Task<int[]>> map)
{
    var random = new Random(42);
    var items = Enumerable.Range(0, 12).ToArray();
    var answer = await map(items, n => { Thread.Sleep(random.Next(1, 20)); return n * n; });
    var expected = items.Select(n => n * n).ToArray();
    if (!answer.SequenceEqual(expected))
        throw new Exception($"Not yet: expected [{string.Join(", ", expected)}] " +
            $"but got [{string.Join(", ", answer)}]. Does the result keep the items' order?");
    Console.WriteLine("✔ Ordered map on the thread pool works.");
}
try
{
    await CheckExercise1((items, f) => MapOnPool(items, f));
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: fix the race.** Write `SafeCount` like `RacyCount` above, but make it always exact. `Interlocked.Increment(ref count)` or a `lock` will do it.

// ---- cell 29
await NotebookApp.Cell(29);
int SafeCount(int threads, int incrementsEach)
{
    // Your code here: copy RacyCount and make the increment atomic.
    return 0;
}

// ---- cell 30 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(30);
void CheckExercise2(Func<int, int, int> count)
{
    for (var round = 0; round < 3; round++)
    {
        var got = count(4, 250_000);
        if (got != 1_000_000)
            throw new Exception($"Not yet: 4 threads × 250,000 increments gave {got:N0}, " +
                $"not 1,000,000. Is every increment atomic?");
    }
    Console.WriteLine("✔ No increment lost, three times in a row.");
}
try
{
    CheckExercise2(SafeCount);
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

// ---- cell 32
await NotebookApp.Cell(32);
async Task<TResult[]> MapOnPoolSolution<T, TResult>(IEnumerable<T> items, Func<T, TResult> f) =>
    // WhenAll keeps input order
    await Task.WhenAll(items.Select(item => Task.Run(() => f(item))));
await CheckExercise1((items, f) => MapOnPoolSolution(items, f));

// ---- cell 33
await NotebookApp.Cell(33);
int SafeCountSolution(int threads, int incrementsEach)
{
    var count = 0;
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < incrementsEach; i++) Interlocked.Increment(ref count);
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}
CheckExercise2(SafeCountSolution);

// > **Playground.** Run the live cell again right away. Is the second run faster? Wait a minute and run it once more. What does that tell you about the threads the pool added?
//
// ---
// ⏪ Last: [1 · Introduction](01-introduction.ipynb) · ⏩ Next: [3 · Multiprocessing](03-multiprocessing.ipynb)

return NotebookApp.Finish();
