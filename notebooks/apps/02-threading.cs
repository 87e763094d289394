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
using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Timelines;
using ConcurrencyNotebooks.Apps;

// # 2 · Threading: `Thread`, the thread pool, and `map`
//
// The guide's second section starts a thread, waits for it, and then maps a function over five inputs with a `ThreadPoolExecutor`. Here you will
//
// - run both snippets as C# twins and **see** them on a timeline: one lane per thread, one bar per piece of work;
// - meet the .NET **thread pool**: how many threads it creates on demand, and, in fresh processes, how it grows when jobs block in `Thread.Sleep`, block in `.Wait()`, or `await`;
// - learn when to block a thread and when to `await` instead;
// - fix a race condition with `Interlocked`, and check your own answers at the end.
NotebookApp.Heading("# 2 · Threading: `Thread`, the thread pool, and `map`");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("02-threading", "..", [
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

// > The setup cell prints the time scale. `Demo.Seconds(2)` is the guide's `sleep(2)` scaled by it: two real seconds in class, much less in the test suite. Set `Demo.TimeScale = 0.1;` after the setup cell to make every wait ten times shorter; 1 is real time.
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
// The guide's own code, run live by `python3` (its sleeps scaled by the knob):
NotebookApp.Heading("## Start a thread and join it");

// ---- cell 4
await NotebookApp.Cell(4);
PythonSeed.Run("thread_join");

// The C# twin. `Demo.SleepSeconds(2)` blocks the thread like `time.sleep(2)` (scaled), and wakes up if you press Stop. It prints the same two lines.

// ---- cell 6
await NotebookApp.Cell(6);
void RunTask()
{
    Console.WriteLine("Task started");
    Demo.SleepSeconds(2);
    Console.WriteLine("Task completed");
}

var thread = new Thread(RunTask);
thread.Start();
thread.Join();  // Wait for the thread to finish
Console.WriteLine($"(the task ran on thread {thread.ManagedThreadId}, " +
    $"the cell on thread {Environment.CurrentManagedThreadId})");

// The thread's lines appear under the cell because the cell waited (`Join`) while the thread printed. A thread that is still printing **after** its cell has finished writes into the void: the notebook only shows output while the cell runs. Always join (or `await`) what you start.
//
// ### The same thing on a timeline
//
// A `Timeline` records spans: `tl.Record("label", work)` times the work on whatever thread runs it. Ending a cell with `tl` draws it: one lane per thread.
NotebookApp.Heading("### The same thing on a timeline");

// ---- cell 8
await NotebookApp.Cell(8);
var tl = new Timeline("Thread.Start + Join");
var worker = new Thread(() => tl.Record("task(): sleep(2)", () => Demo.SleepSeconds(2)))
    { Name = "worker" };
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

// ---- cell 10
await NotebookApp.Cell(10);
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
// `python3` runs it:
NotebookApp.Heading("## The thread pool: the guide's `ThreadPoolExecutor.map`");

// ---- cell 12
await NotebookApp.Cell(12);
PythonSeed.Run("thread_pool_map");

// .NET has one shared **thread pool** per process, and `Task.Run` hands work to it. `Task.WhenAll` waits for all of them and returns the results **in input order**, like `map`. A first, naive twin:

// ---- cell 14
await NotebookApp.Cell(14);
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

// Python's executor has five threads of its own, so its five sleeps overlap. Did the .NET version take one sleep, or more? Let's ask the pool how it is set up.

// ---- cell 16
await NotebookApp.Cell(16);
ThreadPool.GetMinThreads(out var minWorkers, out _);
var rounds = Math.Ceiling(5.0 / minWorkers);
var measured = mapTime / Demo.Seconds(1);
Console.WriteLine($"cores: {Environment.ProcessorCount}; the pool creates up to {minWorkers} " +
    $"worker threads on demand, without delay (its minimum); it has {ThreadPool.ThreadCount} now");
Console.WriteLine($"5 blocking jobs on {minWorkers} threads would take {rounds} rounds of sleep; " +
    $"we measured {measured:F1}: " + (Math.Abs(measured - rounds) < 0.5 ? "as that predicts."
    : measured < rounds ? $"fewer, so more than {minWorkers} threads ran them (this kernel's "
        + "pool kept threads from earlier cells, or added some)."
    : "more: the jobs waited for threads longer than the minimum alone explains."));

// ### What happened?
//
// `GetMinThreads` is not how many threads the pool *starts* with: it is how many threads the pool creates **on demand, without delay** (by default one per core, the right number for CPU-bound work). Beyond it, the pool adds threads only when it sees a need, and how quickly depends on **how** the jobs wait. In this kernel the answer also depends on what earlier cells did to the pool. So the next experiment runs each case in a **fresh process**, whose pool starts from scratch:
//
// - **A: `Thread.Sleep`** (or a lock, or synchronous I/O): the pool cannot see why its threads are stuck. A *starvation check* runs every 0.5 s and adds one thread once no queued job has been picked up for more than 0.5 s, so a new thread comes 0.5 to 1 s after the last (longer when the CPU is busy; the summary under the chart gives the longest wait for a new thread and says when the CPU was busy); *hill climbing* moves the count up or down as jobs complete, by measured throughput.
// - **B: `.Wait()` or `.Result` on a `Task`**, on a pool thread: since .NET 6 the wait tells the pool that its thread is blocked, and the pool compensates. It raises its target to the minimum plus the blocked threads, creating up to one extra thread per core without delay and the rest after short pauses (25 ms steps, at most 250 ms each).
// - **C: `await`**: the job holds no thread while it waits.
//
// (Source: dotnet/runtime, `PortableThreadPool.GateThread.cs` and `PortableThreadPool.Blocking.cs`.) `ThreadPoolLab.RunAsync` starts one worker process per case (a `ProcessPool(1)`, as in notebook 3), queues the jobs there, records each job and the pool's thread count every 10 ms, and brings it all back onto this timeline: one clock, one lane per thread, one thread-count line per case on the right axis. The pool's pauses are real time and do not shrink with the time scale, so the shape can differ between class speed and a fast run: the text under the chart is written from the measurement.
NotebookApp.Heading("### What happened?");

// ---- cell 18
await NotebookApp.Cell(18);
var lab = new Timeline("12 jobs of sleep(1), three ways, each case in a fresh process");
var runs = await ThreadPoolLab.RunAsync(lab, jobs: 12, seconds: 1,
    PoolLabCase.ThreadSleep, PoolLabCase.TaskWait, PoolLabCase.Await);
NotebookApp.Show(lab);

// What each case measured, in words written from its numbers. Read it beside its lanes and its thread-count line:

// ---- cell 20
await NotebookApp.Cell(20);
foreach (var run in runs) Console.WriteLine(run + "\n");
Console.WriteLine(ThreadPoolLab.Compare(runs));

// ### Why, in the runtime's own words
//
// Each worker also listened to the runtime's own events while its jobs ran (an `EventListener` on the runtime's thread-pool events; notebook 6 shows how): every change of the pool's thread count comes with the runtime's **reason**. The chart above marks them on each case's runtime lane; here they are counted. The cell fails if case B grew past its minimum and the runtime never gave blocking as the reason, as bullet B says it does.
NotebookApp.Heading("### Why, in the runtime's own words");

// ---- cell 22
await NotebookApp.Cell(22);
foreach (var run in runs) Console.WriteLine(run.DescribeAdjustments());
var blocked = runs.Single(run => run.Case.Jobs == PoolLabJobs.TaskWait);
if (blocked.PeakThreads > blocked.MinThreads
    && !blocked.AdjustmentReasons.Any(r => r.Reason.StartsWith("blocking")))
    throw new Exception($"{blocked.Case.Name} grew to {blocked.PeakThreads} threads, " +
        "but the runtime never gave blocking as the reason.");

// There are two honest fixes, and one you should know about.
//
// **1. Ask for a degree of parallelism**, like `max_workers=5`: `Parallel.ForEachAsync` runs at most `MaxDegreeOfParallelism` jobs at once. This is the twin of the guide's executor, with ten jobs so that the cap shows. The job *awaits* its sleep, so the degree is not limited by how many threads the pool has. (With a blocking job the degree is only a cap: each running job still holds a pool thread, and those come as fast as the lab above shows.)

// ---- cell 24
await NotebookApp.Cell(24);
async Task<string> JobAsync(int n)
{
    await Demo.DelaySecondsAsync(1);   // waits without holding a thread
    return $"Task {n} done";
}

// ---- cell 25
await NotebookApp.Cell(25);
var capped = new Timeline("Parallel.ForEachAsync, MaxDegreeOfParallelism = 5, 10 jobs");
var capResults = new string[10];
var capOptions = new ParallelOptions
    { MaxDegreeOfParallelism = 5, CancellationToken = Notebook.StopToken };
await Parallel.ForEachAsync(Enumerable.Range(0, 10), capOptions, async (n, token) =>
    capResults[n] = await capped.RecordAsync($"JobAsync({n})", () => JobAsync(n)));
var capSpans = capped.Spans;
var peak = capSpans.Max(s =>
    capSpans.Count(o => o.StartTicks <= s.StartTicks && o.EndTicks > s.StartTicks));
var capTime = Stopwatch.GetElapsedTime(capSpans[0].StartTicks, capSpans.Max(s => s.EndTicks));
Console.WriteLine(string.Join(", ", capResults));
Console.WriteLine($"at most {peak} jobs ran at once; " +
    $"10 jobs took {capTime / Demo.Seconds(1):F1} job lengths");
NotebookApp.Show(capped);

// **2. Don't block: `await`.** A job that waits with `await Task.Delay` (or `await` on a network call) holds **no thread** while it waits (case C in the lab). With no cap at all, here are five of them. The first line under the cell says whether their waits overlapped; the second compares the lab's cases above, the same jobs blocking and awaiting, each in a fresh process:

// ---- cell 27
await NotebookApp.Cell(27);
var asyncTimeline = new Timeline("5 awaiting jobs");
started = Stopwatch.GetTimestamp();
var asyncResults = await Task.WhenAll(Enumerable.Range(0, 5)
    .Select(n => asyncTimeline.RecordAsync($"JobAsync({n})", () => JobAsync(n))));
var asyncLengths = Stopwatch.GetElapsedTime(started) / Demo.Seconds(1);
var asyncSpans = asyncTimeline.Spans;
var together = asyncSpans.Max(s => s.StartTicks) < asyncSpans.Min(s => s.EndTicks);
Console.WriteLine($"{string.Join(", ", asyncResults)} in {asyncLengths:F1} job lengths: " +
    (together ? "all 5 waits overlapped." : "not all 5 waits overlapped."));
Console.WriteLine(ThreadPoolLab.JobLengths(runs));
NotebookApp.Show(asyncTimeline);

// (A span that starts on one thread and ends on another is drawn with a connector: that is the `await` hopping threads.)
//
// **3. The escape hatch: `ThreadPool.SetMinThreads`.** It raises how many threads the pool creates on demand without delay. It changes the whole process, so it is a last resort for code you cannot make asynchronous. Two rules: compare with a **control run** under the same conditions, and never **lower** the minimum by accident (`SetMinThreads(5, …)` does, on a machine with more than 5 cores). Raise it to at least what you need:
//
// ```csharp
// ThreadPool.GetMinThreads(out var current, out var io);
// ThreadPool.SetMinThreads(Math.Max(current, 5), io);
// ```
//
// The lab runs the same 5 blocking jobs in two fresh processes at once: a control with the default minimum, and one that first runs the two lines above.

// ---- cell 29
await NotebookApp.Cell(29);
var minLab = new Timeline("5 blocking jobs: the default minimum, and Math.Max(current, 5)");
var control = PoolLabCase.ThreadSleep with { Name = "control" };
var raised = PoolLabCase.ThreadSleep.WithMinThreads(5) with { Name = "min ≥ 5" };
var minRuns = await ThreadPoolLab.RunAsync(minLab, jobs: 5, seconds: 1, control, raised);
foreach (var run in minRuns) Console.WriteLine(run + "\n");
Console.WriteLine(ThreadPoolLab.Compare(minRuns));
NotebookApp.Show(minLab);

// ### `Parallel.ForEach`: CPU-bound map with a degree of parallelism
//
// For **CPU-bound** work, threads are exactly right in .NET (there is no GIL; notebook 1 measured it). `Parallel.ForEach` splits the items over pool threads, at most `MaxDegreeOfParallelism` at once. Results come back in any order, so we write each into its own slot to keep `map`'s order.
NotebookApp.Heading("### `Parallel.ForEach`: CPU-bound map with a degree of parallelism");

// ---- cell 31
await NotebookApp.Cell(31);
var limits = new[] { 200_000, 400_000, 600_000, 800_000 };
var counts = new int[limits.Length];
var cpuTimeline = new Timeline("Parallel.ForEach, CPU-bound");
var options = new ParallelOptions
    { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = Notebook.StopToken };
Parallel.ForEach(limits.Select((limit, index) => (limit, index)), options, item =>
    counts[item.index] = cpuTimeline.Record($"primes below {item.limit:N0}",
        () => CpuWork.CountPrimes(0, item.limit)));
Console.WriteLine(string.Join(", ",
    counts.Select((c, i) => $"{c:N0} primes below {limits[i]:N0}")));
var cpuSpans = cpuTimeline.Spans;
var overlapping = cpuSpans.Count(s => cpuSpans.Any(o => o.OsThreadId != s.OsThreadId
    && o.StartTicks < s.EndTicks && s.StartTicks < o.EndTicks));
Console.WriteLine($"{overlapping} of {cpuSpans.Count} counts overlapped a count on another thread");
NotebookApp.Show(cpuTimeline);

// Bars on different lanes that overlap in time are cores counting at once; the line above the chart says how many did.
//
// ## Shared memory needs care: a race
//
// Threads share memory, so two threads can update the same variable at the same moment. `count++` is read, add, write: two threads can read the same old value, and one increment is lost. This cell shows it; the line it prints says how many increments were lost this time (it is not checked, because it is *supposed* to be wrong).
NotebookApp.Heading("## Shared memory needs care: a race");

// ---- cell 33
await NotebookApp.Cell(33);
int RacyCount(int threads, int incrementsEach)
{
    var count = 0;
    var start = new Barrier(threads);
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        start.SignalAndWait();   // all threads begin together
        for (var i = 0; i < incrementsEach; i++) count++;
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}
var racy = RacyCount(4, 10_000_000);
Console.WriteLine($"expected 40,000,000, got {racy:N0}: {40_000_000 - racy:N0} increments lost");

// ## Try it yourself
//
// > **Exercise 1: an ordered `map` on the thread pool.** Write `MapOnPool(items, f)` so it runs `f` on every item with `Task.Run`, waits for all, and returns the results **in the order of the items** (like `executor.map`). The check gives the jobs different durations, so they can finish out of order. It also makes sure they really ran at the same time: the first job waits (up to 5 s) for a second one to run beside it.
NotebookApp.Heading("## Try it yourself");

// ---- cell 35
await NotebookApp.Cell(35);
async Task<TResult[]> MapOnPool<T, TResult>(IEnumerable<T> items, Func<T, TResult> f)
{
    // Your code here: start one Task.Run per item, then await them all.
    await Task.Yield();
    return Array.Empty<TResult>();
}

// ---- cell 36 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(36);
try
{
    await ThreadingChecks.OrderedMap((items, f) => MapOnPool(items, f));
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: fix the race.** Write `SafeCount` like `RacyCount` above, but make it always exact. `Interlocked.Increment(ref count)` or a `lock` will do it. Each thread also calls `work()` once per increment: that is how the check sees that your threads did the work, at the same time.

// ---- cell 38
await NotebookApp.Cell(38);
int SafeCount(int threads, int incrementsEach, Action work)
{
    // Your code here: copy RacyCount, call work() before each increment, make the increment atomic.
    return 0;
}

// ---- cell 39 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(39);
try
{
    ThreadingChecks.SafeCount(SafeCount);
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

// ---- cell 41
await NotebookApp.Cell(41);
async Task<TResult[]> MapOnPoolSolution<T, TResult>(IEnumerable<T> items, Func<T, TResult> f) =>
    // WhenAll keeps input order
    await Task.WhenAll(items.Select(item => Task.Run(() => f(item))));
await ThreadingChecks.OrderedMap((items, f) => MapOnPoolSolution(items, f));

// ---- cell 42
await NotebookApp.Cell(42);
int SafeCountSolution(int threads, int incrementsEach, Action work)
{
    var count = 0;
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < incrementsEach; i++) { work(); Interlocked.Increment(ref count); }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}
ThreadingChecks.SafeCount(SafeCountSolution);

// > **Playground.** Run the naive `Task.Run` map cell and the `GetMinThreads` cell after it again: the second line says whether more threads than the minimum ran the jobs this time, so whether this kernel's pool still had threads from earlier cells. Compare with case A of the fresh-process lab: why does the lab start each case in a fresh process? Then try the lab with 40 jobs, or with `PoolLabCase.TaskWait.WithMinThreads(8)`.
//
// ---
// ⏪ Last: [1 · Introduction](01-introduction.ipynb) · ⏩ Next: [3 · Multiprocessing](03-multiprocessing.ipynb)

return NotebookApp.Finish();
