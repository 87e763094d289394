#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
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
using ConcurrencyNotebooks.Shipping;
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
    "using ConcurrencyNotebooks.Shipping;",
    "using ConcurrencyNotebooks.Timelines;",
    "using ConcurrencyNotebooks.Apps;",
]);

// > The setup cell prints the time scale. `Demo.Seconds(2)` is the guide's `sleep(2)` scaled by it: two real seconds in class, a tenth of a second in a fast run (time scale 0.05). Set `Demo.TimeScale = 0.1;` after the setup cell to make every wait ten times shorter; 1 is real time.
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
// ### Foreground and background threads (optional)
//
// A `new Thread` is a **foreground** thread: a .NET program does not exit while one is running. Thread-pool threads are **background** threads: they never keep a program alive. (The notebook kernel lives on either way, which is why joining matters more than the flag here.)
NotebookApp.Heading("### Foreground and background threads (optional)");

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

// Python's executor has five threads of its own, so its five sleeps overlap, GIL and all: CPython releases the GIL while a thread sleeps (`time.sleep` waits between `Py_BEGIN_ALLOW_THREADS` and `Py_END_ALLOW_THREADS`; source: CPython `Modules/timemodule.c`, `pysleep`), and likewise while it waits on I/O (source: the Python glossary, *global interpreter lock*), so the other threads run meanwhile. Did the .NET version take one sleep, or more? Let's ask the pool how it is set up.

// ---- cell 16
await NotebookApp.Cell(16);
ThreadPool.GetMinThreads(out var minWorkers, out _);
Console.WriteLine($"cores: {Environment.ProcessorCount}; the pool creates up to {minWorkers} " +
    $"worker threads on demand, without delay (its minimum); it has {ThreadPool.ThreadCount} now");
Console.WriteLine(ThreadPoolLab.ExplainRounds(jobs: 5, minWorkers, mapTime / Demo.Seconds(1)));

// > **Discuss.** Python's map took one sleep. How many did the .NET twin take on this machine, and what would change on a machine with 16 cores?
//
// ### What happened?
//
// `GetMinThreads` is not how many threads the pool *starts* with: it is how many threads the pool creates **on demand, without delay** (by default one per core, the right number for CPU-bound work). Beyond it, the pool adds threads only when it sees a need, and how quickly depends on **how** the jobs wait. In this kernel the answer also depends on what earlier cells did to the pool. So the next experiment runs each case in a **fresh process**, whose pool starts from scratch:
//
// - **A: `Thread.Sleep`** (or a lock, or synchronous I/O): the pool cannot see why its threads are stuck. A *starvation check* runs every 0.5 s and raises the pool's thread **goal** (how many threads it wants working; more on it under the chart) to one more than the threads working when no job has been **picked up** from the queue, or finished, for longer than a threshold: 500 ms while the process's own CPU use is below 80 % of its cores, the thread goal × 1 s when it is higher (source: `SufficientDelaySinceLastDequeue` in `PortableThreadPool.GateThread.cs`; the 80 % is `CpuUtilizationLow` in `PortableThreadPool.cs`, where `NotifyWorkItemProgress` stamps the time as each job ends). A job waiting in the queue does not trigger it: only the time since the last pickup or finish does (and only while a request for a thread is pending and no blocking adjustment is under way), so with jobs that each hold a thread for a second, pickups can stay less than 0.5 s apart and no thread is due. On Linux the CPU figure is the pool's own process's (`getrusage(RUSAGE_SELF)`; source: `PortableThreadPool.CpuUtilizationReader.Unix.cs` and `pal_time.c`), so other programs cannot switch the threshold. The summary under the chart says which threshold applied in each run, from the worker's own CPU use, and the longest gap between pickups. *Hill climbing* moves the goal up or down as jobs complete, by measured throughput (source: `PortableThreadPool.HillClimbing.cs`).
// - **B: `.Wait()` or `.Result` on a `Task`**, on a pool thread: since .NET 6 the wait tells the pool that its thread is blocked, and the pool compensates. It raises its target to the minimum plus the blocked threads, creating up to one extra thread per core without delay and the rest after short pauses (25 ms steps, at most 250 ms each).
// - **C: `await`**: the job holds no thread while it waits.
//
// (Source for B: `PortableThreadPool.Blocking.cs`.) `ThreadPoolLab.RunAsync` starts one worker process per case (a `ProcessPool(1)`, as in notebook 3), queues the jobs there, records each job, the pool's thread count every 10 ms and the runtime's own thread-pool events, and brings it all back onto this timeline: one clock, one lane per thread, one thread-count line per case on the right axis. The pool's pauses are real time and do not shrink with the time scale, so the shape can differ between class speed and a fast run: the text under the chart is written from the measurement.
NotebookApp.Heading("### What happened?");

// ---- cell 18
await NotebookApp.Cell(18);
var lab = new Timeline("12 jobs of sleep(1), three ways, each case in a fresh process");
var runs = await ThreadPoolLab.RunAsync(lab, jobs: 12, seconds: 1,
    ThreadPoolLabCase.ThreadSleep, ThreadPoolLabCase.TaskWait, ThreadPoolLabCase.Await);
NotebookApp.Show(lab);

// ### Reading the lab's chart
//
// Walk through it case by case; what follows holds for every run, and the cell below gives this run's numbers.
//
// - **The lanes.** Each case has its own group of lanes, named after the case and its process id: a `runtime` lane for the runtime's own markers, then one lane per pool thread that ran a job (`pool #1`, `pool #2`, …). A bar is one job, from the moment a thread picked it up to its end. Count a group's thread lanes: that is how many threads ran its jobs.
// - **A: `Thread.Sleep`.** A sleeping job holds its thread, so each lane runs one bar at a time: a lane's next bar starts only after its last one ends. A new lane is a thread the pool added. The time between one pickup and the next, anywhere in the group, is what the starvation check measures.
// - **B: `.Wait()`.** The same one-bar-at-a-time rule, since `.Wait()` holds its thread too. Compare the number of lanes with A's: B's waits told the pool that they were blocked, A's sleeps could not. As the waits end, the pool takes back the goal it added for them, so B's goal markers can step down while its thread-count line stays up (source: `PortableThreadPool.Blocking.cs`, `NotifyThreadUnblocked` and `PerformBlockingAdjustment`).
// - **C: `await`.** A job that awaits gives its thread back while it waits, so one thread can pick up job after job while the earlier ones still wait, and few lanes run all the jobs. A bar marked ↷ resumed on another thread after its `await`.
// - **The lines (right axis).** One per case: that process's `ThreadPool.ThreadCount`, sampled every 10 ms. It does not fall during the run: a pool thread exits only after 20 s with no work (`ThreadPoolThreadTimeoutMs` in `PortableThreadPool.cs`; 20 s is the default of the `System.Threading.ThreadPool.ThreadTimeoutMs` setting).
// - **The markers** on each case's runtime lane are the runtime's own adjustment events, labelled `pool goal → N threads (reason)`. N is the pool's thread **goal**, not its thread count: the event's field is `NewWorkerThreadCount` (source: `NativeRuntimeEventSource.PortableThreadPool.cs`), and the pool sends it, with its new goal, when hill climbing, the starvation check, blocking compensation or an exiting idle thread changes the goal (source: `PortableThreadPool.HillClimbing.cs`, `ForceChange` and `LogTransition`). The goal is how many threads the pool wants *working*; the line is how many *exist*. They part both ways (source: `PortableThreadPool.WorkerThread.cs`): a thread is created only when a job is waiting and fewer threads are working than the goal, so a goal raised while nothing is queued (as can happen in case C) creates no thread and the line stays below the marker; and when hill climbing lowers the goal, the surplus threads stop taking jobs but live on until their 20 s are up, so the markers fall while the line stays where it is.
//
// > **Discuss.** Find a case whose goal markers and thread-count line disagree. Which number tells you how many threads were running jobs at that moment, and which how many threads the pool would like?
//
// What each case measured, in words written from its numbers. Read it beside its lanes and its thread-count line:
NotebookApp.Heading("### Reading the lab's chart");

// ---- cell 20
await NotebookApp.Cell(20);
foreach (var run in runs) Console.WriteLine(run + "\n");
Console.WriteLine(ThreadPoolLab.Compare(runs));

// ### Why, in the runtime's own words (optional)
//
// Each worker also listened to the runtime's own events while its jobs ran (an `EventListener` on the runtime's thread-pool events; notebook 6 shows how): every change of the pool's thread **goal** comes with the runtime's **reason**. The chart above marks them on each case's runtime lane; here they are counted, beside the thread count each case reached. The last line checks bullet B's claim: when case B's pool grew past its minimum, the runtime gave blocking as a reason.
NotebookApp.Heading("### Why, in the runtime's own words (optional)");

// ---- cell 22
await NotebookApp.Cell(22);
foreach (var run in runs) Console.WriteLine(run.DescribeAdjustments());
runs.Single(run => run.Case.Jobs == ThreadPoolLabJobs.TaskWait).CheckBlockingReported();

// ### Fixes: a cap, `await`, or a higher minimum
//
// There are two honest fixes, and one you should know about.
//
// **1. Ask for a degree of parallelism**, like `max_workers=5`: `Parallel.ForEachAsync` runs at most `MaxDegreeOfParallelism` jobs at once. This is the twin of the guide's executor, with ten jobs so that the cap shows. The job *awaits* its sleep, so the degree is not limited by how many threads the pool has. (With a blocking job the degree is only a cap: each running job still holds a pool thread, and those come as fast as the lab above shows.)
NotebookApp.Heading("### Fixes: a cap, `await`, or a higher minimum");

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
Console.WriteLine(string.Join(", ", capResults));
Console.WriteLine($"at most {capped.PeakConcurrency()} jobs ran at once; " +
    $"10 jobs took {capped.WorkElapsed() / Demo.Seconds(1):F1} job lengths");
NotebookApp.Show(capped);

// **2. Don't block: `await`.** A job that waits with `await Task.Delay` (or `await` on a network call) holds **no thread** while it waits (case C in the lab). With no cap at all, here are five of them. The first line under the cell says whether their waits overlapped; the second compares the lab's cases above, the same jobs blocking and awaiting, each in a fresh process:

// ---- cell 27
await NotebookApp.Cell(27);
var asyncTimeline = new Timeline("5 awaiting jobs");
var asyncResults = await Task.WhenAll(Enumerable.Range(0, 5)
    .Select(n => asyncTimeline.RecordAsync($"JobAsync({n})", () => JobAsync(n))));
var overlapped = asyncTimeline.AllOverlapped() ? "all 5 waits overlapped" : "not all 5 overlapped";
Console.WriteLine($"{string.Join(", ", asyncResults)} in " +
    $"{asyncTimeline.WorkElapsed() / Demo.Seconds(1):F1} job lengths: {overlapped}.");
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
var control = ThreadPoolLabCase.ThreadSleep with { Name = "control" };
var raised = ThreadPoolLabCase.ThreadSleep.WithMinThreads(5) with { Name = "min ≥ 5" };
var minRuns = await ThreadPoolLab.RunAsync(minLab, jobs: 5, seconds: 1, control, raised);
foreach (var run in minRuns) Console.WriteLine(run + "\n");
Console.WriteLine(ThreadPoolLab.Compare(minRuns));
NotebookApp.Show(minLab);

// ### `Parallel.ForEach`: CPU-bound map with a degree of parallelism
//
// For **CPU-bound** work, threads are exactly right in .NET (there is no GIL; notebook 1 measured it). `Parallel.ForEach` splits the items over pool threads **and the thread that called it**, at most `MaxDegreeOfParallelism` at once: it runs its first worker right there, on the calling thread (here the cell's own), and queues the others to the pool (source: dotnet/runtime `TaskReplicator.cs`, whose first replica starts with `RunSynchronously`; the calling thread then waits for the rest). Results come back in any order, so we write each into its own slot to keep `map`'s order.
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
var onCellThread = cpuTimeline.CountOnThread(Environment.CurrentManagedThreadId);
Console.WriteLine($"{cpuTimeline.CountOverlappingOtherThreads()} of {limits.Length} counts " +
    $"overlapped a count on another thread; {onCellThread} ran on the cell's own thread");
NotebookApp.Show(cpuTimeline);

// Bars on different lanes that overlap in time are cores counting at once; the line above the chart says how many did, and how many counts the cell's own thread (`main`) did itself while it waited for the others.
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

// > **Discuss.** The number of lost increments changes from run to run, and on some runs could even be zero. What does that tell you about testing a race by running the code once?
//
// ## Try it yourself
//
// > **Exercise 1: an ordered `map` on the thread pool.** Write `MapOnPool(items, f)` so it runs `f` on every item with `Task.Run`, waits for all, and returns the results **in the order of the items** (like `executor.map`). The check gives the jobs different durations, so they can finish out of order. It also makes sure they really ran at the same time: the first job waits (up to 5 s) for a second one to run beside it. Blocking jobs on the pool are fine here, right after the lab: they block for 1 to 19 ms each and the check needs only two at once, which this kernel's pool gives without delay on any machine with two or more cores (its minimum, printed by the `GetMinThreads` cell above); the lab's starving pools were in their own worker processes.
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

// > **Exercise 2: fix the race, and count only what counts.** Write `SafeCount` like `RacyCount` above: start `threads` threads together, each doing `stepsEach` steps. In each step, call `work()`; it returns `true` when this step counts. Return how many steps counted, over all threads, exactly. Which steps count is decided afresh on every run, so only real counting gives the right total; `Interlocked.Increment(ref count)` or a `lock` makes each count atomic. Through `work()` the check also sees that your threads really ran at the same time.

// ---- cell 38
await NotebookApp.Cell(38);
int SafeCount(int threads, int stepsEach, Func<bool> work)
{
    // Your code here: start the threads as RacyCount does; in each step call work(),
    // and when it returns true, count the step atomically.
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

// ### Solutions
//
// Model answers are in [`solutions/02-threading.csx`](solutions/02-threading.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 41
await NotebookApp.Cell(41);
// Model answers for notebook 2's exercises; each runs through the same check as the exercise cell.

// Exercise 1: an ordered map on the thread pool.
async Task<TResult[]> MapOnPoolSolution<T, TResult>(IEnumerable<T> items, Func<T, TResult> f) =>
    // WhenAll keeps input order
    await Task.WhenAll(items.Select(item => Task.Run(() => f(item))));

await ThreadingChecks.OrderedMap((items, f) => MapOnPoolSolution(items, f));

// Exercise 2: count the steps that count, exactly.
int SafeCountSolution(int threads, int stepsEach, Func<bool> work)
{
    var count = 0;
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < stepsEach; i++)
        {
            if (work()) Interlocked.Increment(ref count);
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}

ThreadingChecks.SafeCount(SafeCountSolution);

// > **Playground.** Run the naive `Task.Run` map cell and the `GetMinThreads` cell after it again: the second line says whether more threads than the minimum ran the jobs this time, so whether this kernel's pool still had threads from earlier cells. Compare with case A of the fresh-process lab: why does the lab start each case in a fresh process? Then change the lab cell: `jobs: 12` to `jobs: 40`, and run it; or add `ThreadPoolLabCase.TaskWait.WithMinThreads(8)` after `ThreadPoolLabCase.TaskWait` in its list of cases, and run it and the summary cell after it.

// ## Sources
//
// The runtime links point at .NET 10, the runtime these notebooks run on (the thread pool keeps changing on `main`).
//
// - [dotnet/runtime: PortableThreadPool.GateThread.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.GateThread.cs): the starvation check, `SufficientDelaySinceLastDequeue` (no job picked up or finished for 500 ms, or goal × 1 s when the CPU is busy), run every 0.5 s.
// - [dotnet/runtime: PortableThreadPool.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.cs): `CpuUtilizationLow` = 80, `ThreadPoolThreadTimeoutMs` (20 s unless `System.Threading.ThreadPool.ThreadTimeoutMs` is set), and `NotifyWorkItemProgress`, which records the time of the last finished job for the starvation check.
// - [dotnet/runtime: PortableThreadPool.CpuUtilizationReader.Unix.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.CpuUtilizationReader.Unix.cs) and [pal_time.c](https://github.com/dotnet/runtime/blob/release/10.0/src/native/libs/System.Native/pal_time.c): on Linux the pool's CPU figure is its own process's, `getrusage(RUSAGE_SELF)`, divided by the cores.
// - [dotnet/runtime: PortableThreadPool.Blocking.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.Blocking.cs): blocking compensation for `.Wait()`/`.Result` on pool threads.
// - [dotnet/runtime: PortableThreadPool.HillClimbing.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.HillClimbing.cs): hill climbing; `ForceChange`/`LogTransition` send each goal change as the adjustment event.
// - [dotnet/runtime: NativeRuntimeEventSource.PortableThreadPool.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/NativeRuntimeEventSource.PortableThreadPool.cs): the adjustment event's fields, `NewWorkerThreadCount` and `Reason`.
// - [dotnet/runtime: PortableThreadPool.WorkerThread.cs](https://github.com/dotnet/runtime/blob/release/10.0/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.WorkerThread.cs): threads are added only up to the goal, stop taking work above it, and exit after 20 s idle (by default).
// - [dotnet/runtime: TaskReplicator.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Threading.Tasks.Parallel/src/System/Threading/Tasks/TaskReplicator.cs): `Parallel.ForEach` runs its first worker on the calling thread.
// - [CPython: Modules/timemodule.c](https://github.com/python/cpython/blob/main/Modules/timemodule.c): `pysleep` releases the GIL (`Py_BEGIN_ALLOW_THREADS`) while it sleeps.
// - [Python glossary: global interpreter lock](https://docs.python.org/3/glossary.html#term-global-interpreter-lock): the GIL is released around I/O.
NotebookApp.Heading("## Sources");

// ---
// ⏪ Last: [1 · Introduction](01-introduction.ipynb) · ⏩ Next: [3 · Multiprocessing](03-multiprocessing.ipynb)

return NotebookApp.Finish();
