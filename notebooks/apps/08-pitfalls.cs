#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
#:property PublishAot=false
// Generated from notebooks/08-pitfalls.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/08-pitfalls.cs
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
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Apps;

// # 8 · Pitfalls: deadlocks, starvation, crashes, and what a thread costs
//
// The first seven notebooks showed how concurrency works. This one shows how it goes wrong, each hazard made safe to watch: what could hang runs under a time limit, and what could crash runs in a worker process. You will
//
// - deadlock a UI-style thread by blocking on async code (`.Result`), then fix it with `await` and `ConfigureAwait(false)`, and learn what `ConfigureAwait` means where there is no UI thread;
// - starve the thread pool with blocking calls under load, watch its queue fill and latency soar, and fix it;
// - crash worker processes four ways, and read what each leaves behind;
// - measure what 10,000 threads cost next to 10,000 tasks.
NotebookApp.Heading("# 8 · Pitfalls: deadlocks, starvation, crashes, and what a thread costs");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("08-pitfalls", "..", [
    "using System.Diagnostics;",
    "using ConcurrencyNotebooks;",
    "using ConcurrencyNotebooks.Charts;",
    "using ConcurrencyNotebooks.Claims;",
    "using ConcurrencyNotebooks.Demos;",
    "using ConcurrencyNotebooks.Exercises;",
    "using ConcurrencyNotebooks.Processes;",
    "using ConcurrencyNotebooks.Timelines;",
    "using System.Collections.Concurrent;",
    "using System.Runtime.CompilerServices;",
    "using ConcurrencyNotebooks.Apps;",
]);

// This notebook's extra `using` lines:

// ---- cell 4
await NotebookApp.Cell(4);
string Ms(double seconds) => $"{Demo.Seconds(seconds).TotalMilliseconds:F0} ms";  // scaled

// ## Sync over async: the classic deadlock
//
// A desktop app's UI thread has a `SynchronizationContext`: when code on the UI thread `await`s, the rest of the method is **posted back to the UI thread**, because only that thread may touch the window. Now block the UI thread on a task with `.Result` or `.Wait()`. The task cannot finish until its continuation runs on the UI thread; the UI thread will not run anything until the task finishes. Neither moves: a deadlock.
//
// Notebook cells run with no `SynchronizationContext` (notebook 4 showed continuations resuming on pool threads), so we install a small one: everything posted to it runs in order on one thread named `ui`, the way a UI thread's message loop does.
NotebookApp.Heading("## Sync over async: the classic deadlock");

// ---- cell 6
await NotebookApp.Cell(6);


// An async method as a library would write it, and a "button handler" that blocks on it. The block has a time limit, `Wait(timeout)`, so the demo ends: it returns `false` if the task did not finish in time.

// ---- cell 8
await NotebookApp.Cell(8);
string Here() => Thread.CurrentThread.IsThreadPoolThread
    ? "a pool thread" : $"thread '{Thread.CurrentThread.Name}'";
async Task<string> GetGreetingAsync()
{
    await Task.Delay(Demo.Seconds(0.1));           // captures the context: resumes on its thread
    return $"hello, resumed on {Here()}";
}
var ui = new OneThreadContext("ui");
Task<string> greeting = null!;
var finished = await ui.Run(() =>
{
    greeting = GetGreetingAsync();
    return greeting.Wait(Demo.Seconds(2));         // .Result with a time limit
});
Console.WriteLine($"on 'ui', greeting.Wait({Ms(2)}) returned {finished}: " + (finished
    ? throw new Exception("expected a deadlock") : "deadlocked until the time limit gave up"));
Console.WriteLine($"once 'ui' was free again, the continuation ran: {await greeting}");

// The work needed 0.1 s (scaled); the UI thread was stuck for the whole time limit, and without a limit (`.Result`) it would be stuck forever: the app freezes. The fixes:
//
// **1. Await all the way.** The handler `await`s instead of blocking, so the UI thread is free to run the continuation it is waiting for.

// ---- cell 10
await NotebookApp.Cell(10);
var started = Stopwatch.GetTimestamp();
var awaited = await await ui.Run(async () => await GetGreetingAsync());
Console.WriteLine($"awaited on 'ui': {awaited}, after " +
    $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms (the work takes {Ms(0.1)})");

// **2. `ConfigureAwait(false)` in library code.** It tells that `await` not to come back to the captured context: the rest of the method runs on a pool thread. Then even a caller that blocks does not deadlock (its thread is still blocked while it waits, so the app still freezes for that long; fix 1 is the real fix). Library code that never touches the UI should write it on every `await`, because *one* `await` without it is enough to deadlock a blocking caller.

// ---- cell 12
await NotebookApp.Cell(12);
async Task<string> GetGreetingLibraryAsync()
{
    await Task.Delay(Demo.Seconds(0.1)).ConfigureAwait(false);   // don't come back to 'ui'
    return $"hello, resumed on {Here()}";
}
var (inTime, text) = await ui.Run(() =>
{
    var task = GetGreetingLibraryAsync();
    return (task.Wait(Demo.Seconds(2)), task.Result);
});
Console.WriteLine($"on 'ui', Wait returned {inTime}: {text}");
if (!inTime) throw new Exception("expected ConfigureAwait(false) to avoid the deadlock");

// ### What `ConfigureAwait(false)` does, and does not, mean
//
// It means exactly one thing: *at this `await`, do not capture `SynchronizationContext.Current` (nor a non-default `TaskScheduler`); resume wherever the awaited task completes.* So:
//
// - **Where there is no context** (a notebook cell, a console app, ASP.NET Core), there is nothing to capture: plain `await` also resumes on a pool thread, and `ConfigureAwait(false)` changes nothing about *where* code runs.
// - It does **not** mean "run this on another thread" or "in the background": the awaited work runs exactly as before.
// - When the awaited task has **already finished**, there is no suspension at all: the method goes on synchronously on the same thread, with or without it.
//
// Measured in this cell, which has no context:
NotebookApp.Heading("### What `ConfigureAwait(false)` does, and does not, mean");

// ---- cell 14
await NotebookApp.Cell(14);
async Task<string> WhereAfterAwait(bool continueOnCapturedContext)
{
    await Task.Delay(Demo.Seconds(0.05)).ConfigureAwait(continueOnCapturedContext);
    return Here();
}
var context = SynchronizationContext.Current?.GetType().Name ?? "none";
var (plain, configured) = (await WhereAfterAwait(true), await WhereAfterAwait(false));
var before = Environment.CurrentManagedThreadId;
await Task.CompletedTask.ConfigureAwait(false);
var stayed = Environment.CurrentManagedThreadId == before;
Console.WriteLine($"context in this cell: {context}; plain await resumed on {plain}; " +
    $"ConfigureAwait(false) resumed on {configured}; a finished task: same thread {stayed}");
if (context != "none" || plain != configured || !stayed) throw new Exception("not as described");

// ## Thread-pool starvation: sync over async under load
//
// A web server runs each request as a thread-pool work item. A handler that blocks on async work (`.Result`) holds its pool thread while it waits; and the awaited work needs a pool thread too, to run its continuation. Under load, every pool thread is blocked, new requests and continuations queue up behind them, and latency climbs until the pool has injected enough threads. Since .NET 6 the pool notices threads blocked in `.Result`/`.Wait()` and injects faster than for `Thread.Sleep` (notebook 2), but still step by step.
//
// The two handlers, around the same async "database call":
NotebookApp.Heading("## Thread-pool starvation: sync over async under load");

// ---- cell 16
await NotebookApp.Cell(16);
async Task<string> GetUserAsync(int ioMs)
{
    await Task.Delay(ioMs);                                // the database call
    return "user";
}
Task HandleBlocking(int ioMs) => Task.FromResult(GetUserAsync(ioMs).Result);   // sync over async
async Task HandleAwaiting(int ioMs) => await GetUserAsync(ioMs);              // async all the way

// `LoadLab.Serve(requests, between, handler)` sends requests at a steady rate, each as a pool work item, and records each one's latency plus the pool's queue length and thread count. The load: 40 requests, one every tenth of the call's time, so about 10 must be in flight at once. Each run gets a **fresh worker process** (`MaxTasksPerWorker = 1`): the notebook's own pool has already grown in earlier cells and would hide the effect, and a second run would not be a fair repeat.

// ---- cell 18
await NotebookApp.Cell(18);
LoadRun ServeBlocking(int ioMs) =>
    LoadLab.Serve(40, TimeSpan.FromMilliseconds(ioMs / 10.0), () => HandleBlocking(ioMs));
LoadRun ServeAwaiting(int ioMs) =>
    LoadLab.Serve(40, TimeSpan.FromMilliseconds(ioMs / 10.0), () => HandleAwaiting(ioMs));
var ioMs = (int)Demo.Seconds(0.1).TotalMilliseconds;
var fresh = new ProcessPoolOptions
{
    MaxTasksPerWorker = 1, TaskTimeout = TimeSpan.FromSeconds(60)   // a fresh worker per run
};
LoadRun blocking, awaiting;
using (var pool = new ProcessPool(1, fresh))
{
    blocking = pool.Map(ServeBlocking, new[] { ioMs })[0];
    awaiting = pool.Map(ServeAwaiting, new[] { ioMs })[0];
}

// ---- cell 19
await NotebookApp.Cell(19);
static (string, IReadOnlyList<double>, IReadOnlyList<double>) Latencies(string name, LoadRun run) =>
    (name, run.LatencyMs.Select((_, i) => (double)i).ToList(), run.LatencyMs);
NotebookApp.Show(QuickChart.Lines($"Latency of each request ({ioMs} ms of I/O each)", "request number", "ms",
    [Latencies("blocking (.Result)", blocking), Latencies("awaiting", awaiting)]));

// ---- cell 20
await NotebookApp.Cell(20);
static (string, IReadOnlyList<double>, IReadOnlyList<double>) Queue(string name, LoadRun run) =>
    (name, run.SampleMs, run.QueuedWorkItems);
NotebookApp.Show(QuickChart.Lines("The thread pool's queue", "ms since the first request", "queued work items",
    [Queue("blocking (.Result)", blocking), Queue("awaiting", awaiting)]));

// ---- cell 21
await NotebookApp.Cell(21);
string Summary(LoadRun r) => $"median {r.MedianLatencyMs:F0} ms, worst {r.WorstLatencyMs:F0} ms, " +
    $"queue up to {r.MostQueued} items, up to {r.MostThreads} pool threads";
Console.WriteLine($"each request needs {ioMs} ms of I/O.");
Console.WriteLine($"blocking: {Summary(blocking)}");
Console.WriteLine($"awaiting: {Summary(awaiting)}");
var worse = blocking.WorstLatencyMs / awaiting.WorstLatencyMs;
Console.WriteLine(
    $"the worst blocking request waited {worse:F1}× as long as the worst awaiting one");
if (worse < 2 || awaiting.MostThreads >= blocking.MostThreads)
    throw new Exception("expected starvation when blocking, and fewer threads when awaiting");

// ### What happened?
//
// Blocking, each request holds a pool thread for its whole call. Worse, what would finish the call (the timer's callback, then the continuation of `GetUserAsync`) is itself a pool work item, queued behind the requests that arrived meanwhile. So each new thread the pool injects tends to pick up yet another request and block too: requests pile up in the queue and wait far longer than their I/O, until the pool has injected enough threads to get through the backlog. Awaiting, a request holds no thread while it waits, so the few threads the pool starts with keep up, and no request waits behind blocked ones.
//
// The fix is `await` all the way down. When you cannot (a library that is only synchronous), bound the damage: limit how many such calls run at once (`SemaphoreSlim`, `Parallel.ForEachAsync` with `MaxDegreeOfParallelism`), or, as a last resort, raise `ThreadPool.SetMinThreads` (notebook 2).
//
// ## Failures that take the process down
//
// Some failures cannot be caught where they happen, so they end the whole process. Each one runs here in a worker process, so the notebook survives and the pool reports what happened. (`EchoWorkerOutput = false` keeps the dying worker's stderr out of the cell; the pool quotes its last lines in the report.)
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Failures that take the process down");

// ---- cell 23
await NotebookApp.Cell(23);
var oneShot = new ProcessPoolOptions
{
    TaskTimeout = TimeSpan.FromSeconds(30), EchoWorkerOutput = false, MaxTasksPerWorker = 1
};
var crashPool = new ProcessPool(1, oneShot);

// **1. An unhandled exception on a `Thread`.** There is no caller to catch it: a thread's exception that nobody catches ends the process, whatever the other threads are doing. (Python prints it and only that thread ends.)

// ---- cell 25
await NotebookApp.Cell(25);
int ThrowOnAThread(int n)
{
    var thread = new Thread(() => throw new InvalidOperationException($"boom on a thread ({n})"));
    thread.Start();
    thread.Join();
    return n;                       // never reached
}
try { crashPool.Map(ThrowOnAThread, new[] { 1 }); throw new Exception("expected a crash"); }
catch (WorkerCrashedException e) { Console.WriteLine($"✘ {e.Message}"); }

// **2. An `async void` method that throws.** It returns to its caller at its first `await`, so no caller can catch what it throws later. The exception is raised on the `SynchronizationContext` it started on, or, with none, on the thread pool, where nothing catches it: the process ends. Use `async void` only for event handlers; everywhere else return `Task`.

// ---- cell 27
await NotebookApp.Cell(27);
async void FireAndForget(int n)
{
    await Task.Yield();
    throw new InvalidOperationException($"boom in async void ({n})");
}
int CallAsyncVoid(int n)
{
    try { FireAndForget(n); } catch (Exception) { return -1; }   // catches nothing
    Thread.Sleep(TimeSpan.FromSeconds(10));                       // the crash comes first
    return n;
}
try { crashPool.Map(CallAsyncVoid, new[] { 2 }); throw new Exception("expected a crash"); }
catch (WorkerCrashedException e) { Console.WriteLine($"✘ {e.Message}"); }

// **3. A faulted task nobody awaits.** Its exception is *not* lost silently forever, but nearly: when the garbage collector finalizes the task, `TaskScheduler.UnobservedTaskException` fires. Since .NET 4.5 that no longer ends the process. The worker forces a collection to show it, and comes back alive.

// ---- cell 29
await NotebookApp.Cell(29);
[MethodImpl(MethodImplOptions.NoInlining)]
void StartAndForget(int n)
{
    var task = Task.Run(() => throw new InvalidOperationException($"nobody awaited me ({n})"));
    while (!task.IsCompleted) Thread.Sleep(1);      // done, but its exception never observed
}
string DropAFaultedTask(int n)
{
    var seen = new ConcurrentQueue<string>();
    TaskScheduler.UnobservedTaskException +=
        (_, e) => seen.Enqueue(e.Exception.InnerException!.Message);
    StartAndForget(n);
    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); GC.WaitForPendingFinalizers();
    return seen.TryPeek(out var message) ? message : "";
}

// ---- cell 30
await NotebookApp.Cell(30);
var unobserved = crashPool.Map(DropAFaultedTask, new[] { 3 })[0];
Console.WriteLine(unobserved != ""
    ? $"✔ UnobservedTaskException fired with \"{unobserved}\", and the worker returned normally"
    : throw new Exception("UnobservedTaskException did not fire"));

// **4. `Parallel` collects every failure.** When iterations throw, `Parallel.For` stops starting new ones, waits for the running ones, and throws one `AggregateException` holding *all* their exceptions. (`.Wait()` and `.Result` on a task wrap its exceptions the same way; `await` unwraps and rethrows only the first.) The two iterations below meet at a `Barrier`, so both are running when they throw. This one is caught normally: it comes back from the worker as a `RemoteTaskException`.

// ---- cell 32
await NotebookApp.Cell(32);
int TwoFailuresInParallel(int n)
{
    using var bothRunning = new Barrier(2);
    Parallel.For(0, 2, i =>
    {
        bothRunning.SignalAndWait(TimeSpan.FromSeconds(10));
        throw new InvalidOperationException($"iteration {i} failed");
    });
    return n;
}
var aggregate = "";
try { crashPool.Map(TwoFailuresInParallel, new[] { 4 }); }
catch (RemoteTaskException e) { aggregate = $"{e.RemoteType}: {e.RemoteMessage}"; }
Console.WriteLine(aggregate.Contains("iteration 0") && aggregate.Contains("iteration 1")
    ? aggregate : throw new Exception($"expected both failures, got \"{aggregate}\""));
crashPool.Dispose();

// ## What a thread costs: 10,000 threads vs 10,000 tasks
//
// A thread is an operating-system object with its own stack; a task waiting on `await` is a small object on the heap. Each experiment runs in its own fresh worker process and reads that process's working set (the memory it really uses) before and while 10,000 of them wait on a gate.
NotebookApp.Heading("## What a thread costs: 10,000 threads vs 10,000 tasks");

// ---- cell 34
await NotebookApp.Cell(34);
double[] WaitingThreads(int count)
{
    using var release = new ManualResetEvent(false);   // blocks without spinning first
    using var waiting = new CountdownEvent(count);
    var before = Environment.WorkingSet;
    var threads = Enumerable.Range(0, count)
        .Select(_ => new Thread(() => { waiting.Signal(); release.WaitOne(); })).ToList();
    threads.ForEach(t => t.Start());
    waiting.Wait();                                 // all 10,000 are alive and waiting
    var during = Environment.WorkingSet;
    release.Set();
    threads.ForEach(t => t.Join());
    return [before, during];
}

// ---- cell 35
await NotebookApp.Cell(35);
double[] WaitingTasks(int count)
{
    var release = new TaskCompletionSource();
    var before = Environment.WorkingSet;
    var heapBefore = GC.GetTotalMemory(true);
    var tasks = Enumerable.Range(0, count).Select(async _ => await release.Task).ToList();
    var heapDuring = GC.GetTotalMemory(true);       // all 10,000 are waiting
    var during = Environment.WorkingSet;
    release.SetResult();
    Task.WaitAll(tasks);
    return [before, during, heapDuring - heapBefore];
}

// ---- cell 36
await NotebookApp.Cell(36);
double[] threadsMemory, tasksMemory;
using (var pool = new ProcessPool(1, new ProcessPoolOptions { MaxTasksPerWorker = 1 }))
{
    threadsMemory = pool.Map(WaitingThreads, new[] { 10_000 })[0];
    tasksMemory = pool.Map(WaitingTasks, new[] { 10_000 })[0];
}
var perThreadKb = (threadsMemory[1] - threadsMemory[0]) / 10_000 / 1024;
var perTaskKb = (tasksMemory[1] - tasksMemory[0]) / 10_000 / 1024;
var perTaskHeap = tasksMemory[2] / 10_000;
Console.WriteLine($"10,000 threads: +{perThreadKb * 10_000 / 1024:N0} MB of working set " +
    $"({perThreadKb:N1} KB each)");
Console.WriteLine($"10,000 tasks:   +{perTaskKb * 10_000 / 1024:N1} MB of working set " +
    $"({perTaskHeap:N0} bytes each on the managed heap)");

// ---- cell 37
await NotebookApp.Cell(37);
Console.WriteLine(perTaskKb > 0
    ? $"a waiting thread costs about {perThreadKb / perTaskKb:N0}× the memory of a waiting task"
    : $"the tasks did not measurably grow the working set; each thread took {perThreadKb:N1} KB");
if (perThreadKb <= Math.Max(perTaskKb, 0)) throw new Exception("expected threads to cost more");

// That is why async code scales to hundreds of thousands of concurrent waits (notebook 4 ran 10,000 `Task.Delay`s at once) while threads are counted in hundreds or thousands: every thread reserves a stack and a kernel object, and the operating system caps how many a process may have.
//
// ## Try it yourself
//
// > **Exercise 1: load two things without freezing the UI.** The check runs `LoadBothAsync(first, second)` on a UI-style thread like `ui` above. Return `"{result of first} {result of second}"`, with both loads running **at the same time**, and never block the thread (no `.Result`, no `.Wait()`). The check posts a message to the UI thread while the loads run, and counts how many loads are in flight at once.
NotebookApp.Heading("## Try it yourself");

// ---- cell 39
await NotebookApp.Cell(39);
async Task<string> LoadBothAsync(Func<Task<string>> first, Func<Task<string>> second)
{
    // Your code here: start both loads, await both (Task.WhenAll), combine the results.
    await Task.Yield();
    return "";
}

// ---- cell 40 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(40);
try
{
    await PitfallsChecks.UiStaysResponsiveAsync(LoadBothAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: count every failure.** `CountFailuresAsync(jobs)` should start **all** the jobs, wait for all of them, and return how many failed. Careful: `await Task.WhenAll(tasks)` throws only the first exception; the tasks themselves know which failed (`IsFaulted`). The check fails a random number of jobs, and counts how many ran at once.

// ---- cell 42
await NotebookApp.Cell(42);
async Task<int> CountFailuresAsync(IReadOnlyList<Func<Task>> jobs)
{
    // Your code here: start every job (job() or Task.Run(job)), await them all inside a try,
    // then count the faulted tasks.
    await Task.Yield();
    return 0;
}

// ---- cell 43 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(43);
try
{
    await PitfallsChecks.CountFailuresAsync(CountFailuresAsync);
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

// ---- cell 45
await NotebookApp.Cell(45);
async Task<string> LoadBothAsyncSolution(Func<Task<string>> first, Func<Task<string>> second)
{
    var (a, b) = (first(), second());          // both start now
    await Task.WhenAll(a, b);                  // the UI thread is free while they run
    return $"{await a} {await b}";
}
await PitfallsChecks.UiStaysResponsiveAsync(LoadBothAsyncSolution);

// ---- cell 46
await NotebookApp.Cell(46);
async Task<int> CountFailuresAsyncSolution(IReadOnlyList<Func<Task>> jobs)
{
    var tasks = jobs.Select(job => Task.Run(job)).ToList();
    try { await Task.WhenAll(tasks); }
    catch (Exception) { }                      // only the first; the tasks know the rest
    return tasks.Count(t => t.IsFaulted);
}
await PitfallsChecks.CountFailuresAsync(CountFailuresAsyncSolution);

// > **Playground.** Rerun the starvation lab with 400 requests, or with `ThreadPool.SetMinThreads(30, 30)` as the first line of `ServeBlocking`. What happens to the blocking latency line? Then try the memory cell with 20,000 threads.
//
// ---
// ⏪ Last: [7 · Channels and cancellation](07-channels-and-cancellation.ipynb) · [Back to the start](../README.md)

return NotebookApp.Finish();

sealed class OneThreadContext : SynchronizationContext
{
    readonly BlockingCollection<Action> _work = new();
    public OneThreadContext(string name) =>
        new Thread(Loop) { Name = name, IsBackground = true }.Start();
    public override void Post(SendOrPostCallback callback, object? state) =>
        _work.Add(() => callback(state));
    public Task<T> Run<T>(Func<T> f)       // runs f on this context's thread
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ => { try { done.SetResult(f()); } catch (Exception e) { done.SetException(e); } },
            null);
        return done.Task;
    }
    void Loop()
    {
        SetSynchronizationContext(this);
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }
}
