#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
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
using ConcurrencyNotebooks.Shipping;
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
// - crash worker processes two ways, watch two failures that look as if they should crash but don't, and read what each leaves behind;
// - measure what 10,000 threads cost next to 10,000 tasks (optional).
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
    "using ConcurrencyNotebooks.Shipping;",
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
// A desktop app's UI thread has a `SynchronizationContext`: when code on the UI thread `await`s, the rest of the method is **posted back to the UI thread**, because only that thread may touch the window (source: Toub, *ConfigureAwait FAQ*). Now block the UI thread on a task with `.Result` or `.Wait()`. The task cannot finish until its continuation runs on the UI thread; the UI thread will not run anything until the task finishes. Neither moves: a deadlock.
//
// Notebook cells run with no `SynchronizationContext` (notebook 4 showed continuations resuming on pool threads), so the helpers provide a small one. `UiThread.RunAsync("ui", work)` starts a thread named `ui` whose context runs everything posted to it in order, the way a UI thread's message loop does; at its heart:
//
// ```csharp
// public override void Post(SendOrPostCallback callback, object? state) =>
//     _work.Add(() => callback(state));                  // a BlockingCollection<Action>
// void Loop()
// {
//     SetSynchronizationContext(this);
//     foreach (var work in _work.GetConsumingEnumerable()) work();   // one at a time, in order
// }
// ```
//
// It runs `work` on that thread and waits for it a few seconds at most: if `ui` is still blocked then, it says so and the cell goes on (the stuck thread is abandoned). So whatever you change in the cells below, none can hang the notebook.
NotebookApp.Heading("## Sync over async: the classic deadlock");

// An async method as a library would write it, and a "button handler" that blocks on it. The block has a time limit, `Wait(timeout)`, which gives up when the task has not finished in time.

// ---- cell 7
await NotebookApp.Cell(7);
string Here() => Thread.CurrentThread.IsThreadPoolThread
    ? "a pool thread" : $"thread '{Thread.CurrentThread.Name}'";
async Task<string> GetGreetingAsync()
{
    await Task.Delay(Demo.Seconds(0.1));           // captures the context: resumes on its thread
    return $"hello, resumed on {Here()}";
}
var blocking = await UiThread.RunAsync("ui", () =>
{
    var greeting = GetGreetingAsync();
    greeting.Wait(Demo.Seconds(2));                // like .Result, but gives up after 2 s
    return greeting.IsCompleted ? greeting.Result : "nothing: Wait gave up";
});
Console.WriteLine($"blocking on the greeting: {blocking}; the work itself takes {Ms(0.1)}");

// ---- cell 8
await NotebookApp.Cell(8);
Claim.AtLeast(blocking.Elapsed.TotalMilliseconds, Demo.Seconds(2).TotalMilliseconds,
    "the blocked 'ui' thread waits out the whole time limit: a deadlock");

// The work needed 0.1 s (scaled); the UI thread was stuck for the whole time limit, and without a limit (`.Result`, or `Wait()`) it would be stuck forever: the app freezes. (Try it: the cell still ends, because `UiThread.RunAsync` stops waiting for `ui`.) The fixes:
//
// **1. Await all the way.** The handler `await`s instead of blocking, so the UI thread is free to run the continuation it is waiting for.

// ---- cell 10
await NotebookApp.Cell(10);
var awaiting = await UiThread.RunAsync("ui", async () => await GetGreetingAsync());
Console.WriteLine($"awaiting the greeting: {awaiting}; the work itself takes {Ms(0.1)}");
Claim.That(awaiting.Value?.StartsWith("hello, resumed on thread 'ui'") == true,
    "awaiting on 'ui' gets the greeting, resumed on 'ui'", $"{awaiting}");

// **2. `ConfigureAwait(false)` in library code.** It tells that `await` not to come back to the captured context: the rest of the method runs on a pool thread. Then even a caller that blocks does not deadlock (its thread is still blocked while it waits, so the app still freezes for that long; fix 1 is the real fix). Library code that never touches the UI should write it on every `await`, because *one* `await` without it is enough to deadlock a blocking caller.

// ---- cell 12
await NotebookApp.Cell(12);
async Task<string> GetGreetingLibraryAsync()
{
    await Task.Delay(Demo.Seconds(0.1)).ConfigureAwait(false);   // don't come back to 'ui'
    return $"hello, resumed on {Here()}";
}
var blockingOnLibrary = await UiThread.RunAsync("ui", () =>
{
    var task = GetGreetingLibraryAsync();
    task.Wait(Demo.Seconds(2));                    // still blocks 'ui', for at most 2 s
    return task.IsCompleted ? task.Result : "nothing: Wait gave up";
});
Console.WriteLine($"blocking on the library's greeting: {blockingOnLibrary}");

// ---- cell 13
await NotebookApp.Cell(13);
Claim.That(blockingOnLibrary.Value?.StartsWith("hello, resumed on a pool thread") == true,
    "ConfigureAwait(false) lets a blocked caller get its result", $"{blockingOnLibrary}");

// > **Discuss.** Fix 2 ends the deadlock, yet the blocked caller's thread still waits the whole time the work runs. Why is "await all the way" the real fix? Where have you seen `.Result` or `.Wait()` in code that only works because no context is around today?
//
// ### What `ConfigureAwait(false)` does, and does not, mean (optional)
//
// It means exactly one thing: *at this `await`, do not capture `SynchronizationContext.Current` (nor a non-default `TaskScheduler`); resume wherever the awaited task completes* (source: Toub, *ConfigureAwait FAQ*). So:
//
// - **Where there is no context** (a notebook cell, a console app, ASP.NET Core), there is nothing to capture: plain `await` also resumes on a pool thread, and `ConfigureAwait(false)` changes nothing about *where* code runs.
// - It does **not** mean "run this on another thread" or "in the background": the awaited work runs exactly as before.
// - When the awaited task has **already finished**, there is no suspension at all: the method goes on synchronously on the same thread, with or without it.
//
// Measured in this cell, which has no context:
NotebookApp.Heading("### What `ConfigureAwait(false)` does, and does not, mean (optional)");

// ---- cell 15
await NotebookApp.Cell(15);
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
Claim.That(context == "none" && plain == configured && stayed,
    "with no context, ConfigureAwait(false) changes nothing", $"{context}, {plain}, {stayed}");

// ## Thread-pool starvation: sync over async under load
//
// A web server runs each request as a thread-pool **work item** (a delegate queued for the next free pool thread). A handler that blocks on async work (`.Result`) holds its pool thread while it waits. And what finishes that work needs a thread too: when a delay is due, the runtime's timer thread puts a work item that fires due timers on the pool's **high-priority queue**, which pool threads look at before the ordinary queue of requests (sources: `TimerQueue.Portable.cs`, `ThreadPoolWorkQueue.cs`). That work item runs the first due timer's callback itself, and queues the callbacks of any other timers due at that moment to the *ordinary* queue, behind the requests (source: `FireNextTimers` in `Timer.cs`). A callback completes its delay, and `GetUserAsync`'s continuation runs inline on that same thread, which completes the task the handler is blocked on. So the first due callback does not wait *behind* the queued requests; it waits for *any thread to be free*, and under load none is: every pool thread is blocked in `.Result`. Nothing moves until the pool adds a thread. Since .NET 6 the pool notices threads blocked in `.Result`/`.Wait()` and adds threads faster than for `Thread.Sleep` (notebook 2), but still one step at a time (source: `PortableThreadPool.Blocking.cs`).
//
// The two handlers, around the same async "database call":
NotebookApp.Heading("## Thread-pool starvation: sync over async under load");

// ---- cell 17
await NotebookApp.Cell(17);
async Task<string> GetUserAsync(int ioMs)
{
    await Task.Delay(ioMs);                                // the database call
    return "user";
}
Task HandleBlocking(int ioMs) => Task.FromResult(GetUserAsync(ioMs).Result);   // sync over async
async Task HandleAwaiting(int ioMs) => await GetUserAsync(ioMs);              // async all the way

// `LoadLab.Serve(requests, between, handler)` sends requests at a steady rate, each as a pool work item, and records each one's **latency** (from sending the request to its answer) plus the pool's queue length and thread count. The load: 40 requests, one every tenth of the call's time, so about 10 must be in flight at once. Each run gets a **fresh worker process** (`MaxTasksPerWorker = 1`): the notebook's own pool has already grown in earlier cells and would hide the effect, and a second run would not be a fair repeat.

// ---- cell 19
await NotebookApp.Cell(19);
LoadRun ServeBlocking(int ioMs)
{
    return LoadLab.Serve(40, TimeSpan.FromMilliseconds(ioMs / 10.0), () => HandleBlocking(ioMs));
}
LoadRun ServeAwaiting(int ioMs) =>
    LoadLab.Serve(40, TimeSpan.FromMilliseconds(ioMs / 10.0), () => HandleAwaiting(ioMs));
var ioMs = (int)Demo.Seconds(0.1).TotalMilliseconds;
var fresh = new ProcessPoolOptions
{
    MaxTasksPerWorker = 1, TaskTimeout = TimeSpan.FromSeconds(60)   // a fresh worker per run
};
LoadRun blocking_19, awaiting_19;
using (var pool = new ProcessPool(1, fresh))
{
    blocking_19 = pool.Map(ServeBlocking, new[] { ioMs })[0];
    awaiting_19 = pool.Map(ServeAwaiting, new[] { ioMs })[0];
}

// ---- cell 20
await NotebookApp.Cell(20);
static (string, IReadOnlyList<double>, IReadOnlyList<double>) Latencies(string name, LoadRun run) =>
    (name, run.LatencyMs.Select((_, i) => (double)i).ToList(), run.LatencyMs);
NotebookApp.Show(QuickChart.Lines($"Latency of each request ({ioMs} ms of I/O each)", "request number", "ms",
    [Latencies("blocking (.Result)", blocking_19), Latencies("awaiting", awaiting_19)]));

// ---- cell 21
await NotebookApp.Cell(21);
static (string, IReadOnlyList<double>, IReadOnlyList<double>) Queue(string name, LoadRun run) =>
    (name, run.SampleMs, run.QueuedWorkItems);
NotebookApp.Show(QuickChart.Lines("The thread pool's queue", "ms since the first request", "queued work items",
    [Queue("blocking (.Result)", blocking_19), Queue("awaiting", awaiting_19)]));

// ---- cell 22
await NotebookApp.Cell(22);
string Summary(LoadRun r) => $"median {r.MedianLatencyMs:F0} ms, worst {r.WorstLatencyMs:F0} ms, " +
    $"queue up to {r.MostQueued} items, up to {r.MostThreads} pool threads";
Console.WriteLine($"each request needs {ioMs} ms of I/O.");
Console.WriteLine($"blocking: {Summary(blocking_19)}");
Console.WriteLine($"awaiting: {Summary(awaiting_19)}");
var worse = blocking_19.WorstLatencyMs / awaiting_19.WorstLatencyMs;
Console.WriteLine(
    $"the worst blocking request waited {worse:F1}× as long as the worst awaiting one");

// ---- cell 23
await NotebookApp.Cell(23);
Claim.AtLeast(worse, 2, "the worst blocking request waits at least twice as long as when awaiting");
Claim.That(awaiting_19.MostThreads < blocking_19.MostThreads, "awaiting needs fewer pool threads",
    $"{awaiting_19.MostThreads} awaiting vs {blocking_19.MostThreads} blocking");

// ### What happened?
//
// Blocking, each request holds a pool thread for its whole call, and the timer callback that would release it can only run on a free thread. Each thread the pool adds first runs the high-priority timer work item, which fires one due timer and releases its handler (other timers due at that moment join the ordinary queue, behind the requests); then it, and every released thread, takes the next queued item, and each request it takes blocks it again. While requests arrive faster than the pool adds threads, the queue grows and each request waits far longer than its I/O, until the pool has added enough threads to get through the backlog. Awaiting, a request holds no thread while it waits, so every pool thread is always free to take the next request or finish a call, and no request waits behind blocked ones: each takes about its I/O time, plus the moment a free pool thread needs to pick up each step.
//
// The fix is `await` all the way down. When you cannot (a library that is only synchronous), bound the damage: limit how many such calls run at once (`SemaphoreSlim`, `Parallel.ForEachAsync` with `MaxDegreeOfParallelism`), or, as a last resort, raise `ThreadPool.SetMinThreads` (notebook 2).
//
// > **Discuss.** Raising `ThreadPool.SetMinThreads` hides this kind of starvation (the Playground below tries it). What does it cost (memory, context switches), what does it hide, and when is it a reasonable stopgap rather than a fix?
//
// ## Two ways to crash a process, and two that look like they should but don't
//
// Some failures cannot be caught where they happen, so they end the whole process; others look just as unhandled and do not. Each one runs here in a worker process, so the notebook survives and the pool reports what happened, and each outcome line below is written from what happened. (`EchoWorkerOutput = false` keeps the dying worker's stderr out of the cell; the pool quotes its last lines in the report.)
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Two ways to crash a process, and two that look like they should but don't");

// ---- cell 25
await NotebookApp.Cell(25);
var oneShot = new ProcessPoolOptions
{
    TaskTimeout = TimeSpan.FromSeconds(30), EchoWorkerOutput = false, MaxTasksPerWorker = 1
};
var crashPool = new ProcessPool(1, oneShot);

// **1. An unhandled exception on a `Thread`.** There is no caller to catch it: a thread's exception that nobody catches ends the process, whatever the other threads are doing (source: *Exceptions in managed threads*). Python prints it and only that thread ends (source: `threading.excepthook`).

// ---- cell 27
await NotebookApp.Cell(27);
int ThrowOnAThread(int n)
{
    var thread = new Thread(() => throw new InvalidOperationException($"boom on a thread ({n})"));
    thread.Start();
    thread.Join();
    return n;                       // never reached
}
var onAThread = CrashOutcome.Of(() => crashPool.Map(ThrowOnAThread, new[] { 1 }));
Console.WriteLine(onAThread);

// **2. An `async void` method that throws.** It has no `Task` to carry the exception, so no caller can ever catch it, whether it throws before its first `await` or after: `AsyncVoidMethodBuilder.SetException` (the builder the compiler generates `async void` methods with) re-throws it on the `SynchronizationContext` the method started on or, with none, queues the throw to the thread pool, where nothing catches it, and the process ends (source: `AsyncVoidMethodBuilder.cs`). The `try` around the call below catches nothing. Use `async void` only for event handlers; everywhere else return `Task`.

// ---- cell 29
await NotebookApp.Cell(29);
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
var asyncVoid = CrashOutcome.Of(() => crashPool.Map(CallAsyncVoid, new[] { 2 }));
Console.WriteLine(asyncVoid);

// **3. A faulted task nobody awaits.** Its exception is *not* lost silently forever, but nearly: when the garbage collector finalizes the task, `TaskScheduler.UnobservedTaskException` fires. Since .NET 4.5 that no longer ends the process (source: the `TaskScheduler.UnobservedTaskException` docs). The worker forces a collection to show it.

// ---- cell 31
await NotebookApp.Cell(31);
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

// ---- cell 32
await NotebookApp.Cell(32);
var unobserved = CrashOutcome.Of(() => crashPool.Map(DropAFaultedTask, new[] { 3 }));
Console.WriteLine(unobserved);
Claim.That(unobserved.Description.Contains("nobody awaited me"),
    "UnobservedTaskException fires when the task is collected", unobserved.Description);

// **4. `Parallel` collects every failure.** When iterations throw, `Parallel.For` stops starting new ones, waits for the running ones, and throws one `AggregateException` holding *all* their exceptions (source: *Handle exceptions in parallel loops*). (`.Wait()` and `.Result` on a task wrap its exceptions the same way; `await` unwraps and rethrows only the first.) The two iterations below meet at a `Barrier`, so both are running when they throw.

// ---- cell 34
await NotebookApp.Cell(34);
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
var inParallel = CrashOutcome.Of(() => crashPool.Map(TwoFailuresInParallel, new[] { 4 }));
Console.WriteLine(inParallel);
crashPool.Dispose();

// ---- cell 35
await NotebookApp.Cell(35);
CrashOutcome[] outcomes = [onAThread, asyncVoid, unobserved, inParallel];
var ended = string.Join(", ", outcomes.Select(o => o.Crashed ? "crashed" : "survived"));
Console.WriteLine($"thread, async void, unobserved task, Parallel.For: {ended}");
Claim.Equal(ended, "crashed, crashed, survived, survived", "two crash the process and two do not");
Claim.That(inParallel.Description.Contains("iteration 0") && inParallel.Description.Contains(
    "iteration 1"), "Parallel.For's exception holds both failures", inParallel.Description);

// > **Discuss.** An exception nobody catches on a .NET thread ends the whole process; in Python it ends only that thread. Which default would you want in a server that handles many requests at once, and why?

// ## What a thread costs: 10,000 threads vs 10,000 tasks (optional)
//
// A thread is an operating-system object with its own **stack** (the memory for its method calls' locals, reserved when the thread starts); a task waiting on `await` is a small object on the **managed heap** (where .NET allocates objects and the garbage collector frees them). Each experiment runs in its own fresh worker process and reads that process's **working set** (`Environment.WorkingSet`: the physical memory the process is using right now, as the operating system counts it) before and while 10,000 of them wait on a gate. `GC.GetTotalMemory(true)` lets a full collection run first, then says how many bytes are still allocated on the heap: the live objects (source: the `GC.GetTotalMemory` docs).
NotebookApp.Heading("## What a thread costs: 10,000 threads vs 10,000 tasks (optional)");

// ---- cell 38
await NotebookApp.Cell(38);
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

// ---- cell 39
await NotebookApp.Cell(39);
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

// ---- cell 40
await NotebookApp.Cell(40);
var count = 10_000;
double[] threadsMemory, tasksMemory;
using (var pool = new ProcessPool(1, new ProcessPoolOptions { MaxTasksPerWorker = 1 }))
{
    threadsMemory = pool.Map(WaitingThreads, new[] { count })[0];
    tasksMemory = pool.Map(WaitingTasks, new[] { count })[0];
}
var perThreadKb = (threadsMemory[1] - threadsMemory[0]) / count / 1024;
var perTaskKb = (tasksMemory[1] - tasksMemory[0]) / count / 1024;
var perTaskHeap = tasksMemory[2] / count;
Console.WriteLine($"{count:N0} threads: +{perThreadKb * count / 1024:N0} MB of working set " +
    $"({perThreadKb:N1} KB each)");
Console.WriteLine($"{count:N0} tasks:   +{perTaskKb * count / 1024:N1} MB of working set " +
    $"({perTaskHeap:N0} bytes each on the managed heap)");

// ---- cell 41
await NotebookApp.Cell(41);
Console.WriteLine(perTaskKb > 0
    ? $"a waiting thread costs about {perThreadKb / perTaskKb:N0}× the memory of a waiting task"
    : $"the tasks did not measurably grow the working set; each thread took {perThreadKb:N1} KB");
Claim.That(perThreadKb > Math.Max(perTaskKb, 0), "a waiting thread costs more than a waiting task",
    $"{perThreadKb:N1} KB per thread, {perTaskKb:N1} KB per task");

// That is why async code scales to hundreds of thousands of concurrent waits (notebook 4 ran 10,000 `Task.Delay`s at once) while threads are counted in hundreds or thousands: every thread reserves a stack (source: the `Thread` docs on `maxStackSize`) and is a kernel object, and the operating system limits how many threads there may be (on Linux, `pthread_create` fails at the per-user `RLIMIT_NPROC`, the system-wide `threads-max`, or `pid_max`; source: the `pthread_create(3)` man page).
//
// ## Try it yourself
//
// > **Exercise 1: load two things without freezing the UI.** The check runs `LoadBothAsync(first, second)` on a UI-style thread like `ui` above. Return `"{result of first} {result of second}"`, with both loads running **at the same time**, and never block the thread (no `.Result`, no `.Wait()`). The check posts a message to the UI thread while the loads run, and counts how many loads are in flight at once.
NotebookApp.Heading("## Try it yourself");

// ---- cell 43
await NotebookApp.Cell(43);
async Task<string> LoadBothAsync(Func<Task<string>> first, Func<Task<string>> second)
{
    // Your code here: start both loads, await both (Task.WhenAll), combine the results.
    await Task.Yield();
    return "";
}

// ---- cell 44 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(44);
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

// ---- cell 46
await NotebookApp.Cell(46);
async Task<int> CountFailuresAsync(IReadOnlyList<Func<Task>> jobs)
{
    // Your code here: start every job (job() or Task.Run(job)), await them all inside a try,
    // then count the faulted tasks.
    await Task.Yield();
    return 0;
}

// ---- cell 47 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(47);
try
{
    await PitfallsChecks.CountFailuresAsync(CountFailuresAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/08-pitfalls.csx`](solutions/08-pitfalls.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 49
await NotebookApp.Cell(49);
// Model answers for notebook 8's exercises, each followed by the check its exercise cell runs.

async Task<string> LoadBothAsyncSolution(Func<Task<string>> first, Func<Task<string>> second)
{
    var (a, b) = (first(), second());          // both start now
    await Task.WhenAll(a, b);                  // the UI thread is free while they run
    return $"{await a} {await b}";
}
await PitfallsChecks.UiStaysResponsiveAsync(LoadBothAsyncSolution);

async Task<int> CountFailuresAsyncSolution(IReadOnlyList<Func<Task>> jobs)
{
    var tasks = jobs.Select(job => Task.Run(job)).ToList();
    try { await Task.WhenAll(tasks); }
    catch (Exception) { }                      // only the first; the tasks know the rest
    return tasks.Count(t => t.IsFaulted);
}
await PitfallsChecks.CountFailuresAsync(CountFailuresAsyncSolution);

// > **Playground.** Make the deadlock cells worse, and watch each still end: in the first one, replace `greeting.Wait(Demo.Seconds(2));` with `greeting.Wait();` (no time limit) or with `return greeting.Result;`; in the `ConfigureAwait(false)` one, delete `.ConfigureAwait(false)`, and then also make its `Wait` unlimited. Rerun the starvation lab with 400 requests instead of 40 (both `Serve` calls), or with `ThreadPool.SetMinThreads(30, 30);` as the first line of `ServeBlocking`: what happens to the blocking latency line? Then run the memory cell with `count = 1_000`: does each thread, and each task, still cost the same?

// ## Sources
//
// - [Toub: ConfigureAwait FAQ](https://devblogs.microsoft.com/dotnet/configureawait-faq/): `await` posts its continuation to the captured `SynchronizationContext`; what `ConfigureAwait(false)` does and does not do.
// - [dotnet/runtime: TimerQueue.Portable.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/TimerQueue.Portable.cs): the timer thread queues due timers with `UnsafeQueueHighPriorityWorkItemInternal`.
// - [dotnet/runtime: Timer.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/Timer.cs): `FireNextTimers` fires the first due timer on its own thread and queues the others as ordinary work items (`UnsafeQueueUserWorkItemInternal`).
// - [dotnet/runtime: ThreadPoolWorkQueue.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/ThreadPoolWorkQueue.cs): `Dequeue` looks at the high-priority queue before the global queue.
// - [dotnet/runtime: PortableThreadPool.Blocking.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.Blocking.cs): threads blocked in `Task.Wait`/`.Result` make the pool add threads, step by step.
// - [dotnet/runtime: AsyncVoidMethodBuilder.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Runtime/CompilerServices/AsyncVoidMethodBuilder.cs): `SetException` re-throws on the captured context or on the thread pool; nothing reaches the caller.
// - [.NET docs: Exceptions in managed threads](https://learn.microsoft.com/dotnet/standard/threading/exceptions-in-managed-threads): an unhandled exception on any thread ends the process.
// - [.NET docs: TaskScheduler.UnobservedTaskException](https://learn.microsoft.com/dotnet/api/system.threading.tasks.taskscheduler.unobservedtaskexception): raised when a faulted task is collected; since .NET 4.5 it no longer ends the process.
// - [.NET docs: Handle exceptions in parallel loops](https://learn.microsoft.com/dotnet/standard/parallel-programming/how-to-handle-exceptions-in-parallel-loops): `Parallel.For` gathers every iteration's exception into one `AggregateException`.
// - [Python docs: threading.excepthook](https://docs.python.org/3/library/threading.html#threading.excepthook): an uncaught exception in a Python thread is printed and ends only that thread.
// - [.NET docs: GC.GetTotalMemory](https://learn.microsoft.com/dotnet/api/system.gc.gettotalmemory): the bytes currently allocated; `true` waits for a full collection first.
// - [Linux man page: pthread_create(3)](https://man7.org/linux/man-pages/man3/pthread_create.3.html): `EAGAIN` when `RLIMIT_NPROC`, the kernel's `threads-max` or `pid_max` is reached.
// - [.NET docs: Environment.WorkingSet](https://learn.microsoft.com/dotnet/api/system.environment.workingset) and [Thread(start, maxStackSize)](https://learn.microsoft.com/dotnet/api/system.threading.thread.-ctor): the working set; each thread's stack.
NotebookApp.Heading("## Sources");

// ---
// ⏪ Last: [7 · Channels and cancellation](07-channels-and-cancellation.ipynb) · [Back to the start](../README.md)

return NotebookApp.Finish();
