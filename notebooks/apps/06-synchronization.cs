#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
#:property PublishAot=false
// Generated from notebooks/06-synchronization.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/06-synchronization.cs
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
using System.Reflection;
using ConcurrencyNotebooks.Apps;

// # 6 · Synchronization: races, locks, deadlocks and the memory model
//
// The guide stops at "how to start things". This notebook is about what goes wrong next. Every hazard runs **safely**: anything that could hang runs under a timeout or in a worker process, never stuck in the kernel. You will
//
// - see that Python's asyncio (one thread) loses an update only when an `await` sits **inside** it, while `async` code in .NET runs on **many threads** and can lose updates with no `await` inside at all; fix both with an async lock (`SemaphoreSlim.WaitAsync`, the twin of `asyncio.Lock`), and see why `await` inside `lock` does not compile;
// - fix a race on a shared counter three ways (`lock`, `Interlocked`, not sharing) and measure what each costs; optionally, measure **false sharing**;
// - optionally, watch the runtime itself report **which thread waited for a lock, and for how long**, on a timeline;
// - provoke a **deadlock** and fix it with lock ordering; optionally, catch `ConcurrentDictionary.GetOrAdd` running its factory twice;
// - meet the **memory model**: a loop that may never see another thread's write, run in a worker process.
NotebookApp.Heading("# 6 · Synchronization: races, locks, deadlocks and the memory model");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("06-synchronization", "..", [
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
    "using System.Reflection;",
    "using ConcurrencyNotebooks.Apps;",
]);

// This notebook also uses concurrent collections and reflection:

// ---- cell 4
await NotebookApp.Cell(4);


// ## `async` code runs on many threads
//
// In Python, asyncio runs every task on **one** thread: while a task runs, no other task can, and a task gives up the thread only at an `await` (source: Python docs, *Developing with asyncio*). So `counter += 1` with no `await` between its read and its write is never interrupted. An update with an `await` **inside** it is another story: read the counter, await (a database call, say), write back what you read + 1. Other tasks run during the await, read the same old value, and one write overwrites another. That is what `asyncio.Lock` is for (source: Python docs, *Synchronization Primitives*). The Python twin (`python/async_counter.py`) runs 100 tasks, 10 rounds each, three ways:
//
// ```python
// async def between():                 # "between": the await is not inside the update
//     for _ in range(rounds):
//         await asyncio.sleep(0)       # let other tasks run
//         for _ in range(adds):
//             counter += 1
//
// async def update():                  # "inside": read, await, write
//     value = counter
//     await asyncio.sleep(0)           # other tasks run here, and write too
//     counter = value + adds
//
// # "locked": the same update, inside `async with lock:` (an asyncio.Lock)
// ```
NotebookApp.Heading("## `async` code runs on many threads");

// ---- cell 6
await NotebookApp.Cell(6);
if (PythonTwin.IsAvailable)
    foreach (var mode in new[] { "between", "inside", "locked" })
        Console.WriteLine(SynchronizationClaims.CheckAsyncioCounter(mode,
            PythonTwin.RunForNumbers("python/async_counter.py", "100", "10", "1000", mode)));
else
    Console.WriteLine("python3 is not installed here, so the Python side is skipped.");

// The C# twin of "between". `await Task.Yield()` plays `asyncio.sleep(0)`. But in .NET, the code after an `await` goes on wherever the current `SynchronizationContext` sends it, and when there is none (this kernel has none) it is queued to the **thread pool** (source: Toub, *ConfigureAwait FAQ*). Pool threads run at the same time on all cores. So two tasks can run `count++` (read, add, write: a **read-modify-write**) at the same moment, and one update is lost, with no `await` inside the update at all. The cell also collects which threads ran the increments.

// ---- cell 8
await NotebookApp.Cell(8);
async Task<(int Count, int Threads)> CountAfterYields(int tasks, int rounds, int adds)
{
    var count = 0;
    var threads = new ConcurrentDictionary<int, bool>();
    async Task Bump()
    {
        for (var i = 0; i < rounds; i++)
        {
            await Task.Yield();
            threads.TryAdd(Environment.CurrentManagedThreadId, true);
            for (var j = 0; j < adds; j++) count++;
        }
    }
    await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Bump()));
    return (count, threads.Count);
}

// ---- cell 9
await NotebookApp.Cell(9);
var expected = 100 * 10 * 10_000;
var (count, threads) = await CountAfterYields(100, 10, 10_000);
Console.WriteLine($"C#: expected {expected:N0}, counter {count:N0}, on {threads} thread(s)");
Console.WriteLine(expected - count > 0
    ? $"{expected - count:N0} updates were lost: two threads read the same value, both wrote + 1."
    : "No update was lost this time. That is luck, not safety: run the cell again.");
if (threads == 1)
    Console.WriteLine("All ran on one pool thread this time (a busy machine); any of them may.");

// > **Discuss.** The Python "between" run and the C# run do the same thing, yet only one of them can lose updates. Which fact about each runtime decides it? A desktop app's UI thread has a `SynchronizationContext` that brings every continuation back to that one thread: what would this cell do there?
//
// ### The fix: an async lock, `SemaphoreSlim.WaitAsync`
//
// A `SemaphoreSlim(1, 1)` lets one task in at a time, like `asyncio.Lock`, and waiting for it is an `await`: no thread blocks while a task waits its turn (source: `SemaphoreSlim.WaitAsync` docs). `Release` goes in a `finally`, so an exception cannot leave the semaphore taken.
NotebookApp.Heading("### The fix: an async lock, `SemaphoreSlim.WaitAsync`");

// ---- cell 11
await NotebookApp.Cell(11);
async Task<int> SafeCountAfterYields(int tasks, int rounds, int adds)
{
    var count = 0;
    var gate = new SemaphoreSlim(1, 1);
    async Task Bump()
    {
        for (var i = 0; i < rounds; i++)
        {
            await Task.Yield();
            await gate.WaitAsync();
            try { for (var j = 0; j < adds; j++) count++; }
            finally { gate.Release(); }
        }
    }
    await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Bump()));
    return count;
}

// ---- cell 12
await NotebookApp.Cell(12);
var safe = await SafeCountAfterYields(100, 10, 10_000);
Console.WriteLine($"with SemaphoreSlim: expected {expected:N0}, counter {safe:N0}");
Claim.Equal(safe, expected, "SemaphoreSlim lets no update be lost");

// ### Why not `lock`?
//
// A `lock` belongs to the thread that took it: it must be released on that same thread, and after an `await` the method may go on on another thread. The `Lock` docs say it plainly: do not `await` between entering and exiting a lock, because "locks are held by threads and the code following an await might run on a different thread" (source: `System.Threading.Lock` docs). So C# refuses an `await` inside a `lock` body, with error CS1996. This is what the compiler says (the snippet is compiled with the kernel's own Roslyn, so this cell does not fail):
NotebookApp.Heading("### Why not `lock`?");

// ---- cell 14
await NotebookApp.Cell(14);
var snippet = """
    using System.Threading.Tasks;
    class Counter
    {
        private readonly object _gate = new();
        private int _count;
        public async Task BumpAsync() { lock (_gate) { await Task.Yield(); _count++; } }
    }
    """;
var errors = CompilerMessages.Errors(snippet);
errors.ToList().ForEach(Console.WriteLine);
Claim.That(errors.Any(e => e.Contains("CS1996")), "C# refuses await in a lock body (CS1996)",
    string.Join("; ", errors));

// ## A race between threads, and three fixes
//
// The same race without `async`: plain threads increment one shared counter, all starting at the same moment. Two threads that run `count++` at once both read the same value and both write it + 1: a **race**, and one increment is gone. The total is **not** checked here: it is usually wrong, and it changes from run to run.
NotebookApp.Heading("## A race between threads, and three fixes");

// ---- cell 16
await NotebookApp.Cell(16);
void OnThreads(int count, Action<int> body)
{
    var ready = new Barrier(count);               // all start together, none gets a head start
    var all = Enumerable.Range(0, count)
        .Select(i => new Thread(() => { ready.SignalAndWait(); body(i); })).ToList();
    all.ForEach(t => t.Start());
    all.ForEach(t => t.Join());
}

// ---- cell 17
await NotebookApp.Cell(17);
long RacyCount(int threads, int each)
{
    long count = 0;
    OnThreads(threads, _ => { for (var i = 0; i < each; i++) count++; });
    return count;
}
var workers = Math.Max(2, Environment.ProcessorCount);
var total = workers * 20_000_000L;
var racy = RacyCount(workers, 20_000_000);
Console.WriteLine($"{workers} threads × 20,000,000 increments: expected {total:N0}, got {racy:N0}"
    + (racy == total ? " (exact this time: luck, run it again)" : ""));

// Three ways to make it exact:
//
// - **`lock`** around the increment: one thread at a time. .NET 9 added `System.Threading.Lock`, a type made for locking; `lock (gate)` on a `Lock` calls its `EnterScope` (on any other object, `lock` uses `Monitor`) (sources: `System.Threading.Lock` docs; C# 13 feature spec *Lock object*).
// - **`Interlocked.Increment`**: the read, the add and the write done as one **atomic** operation, which no other thread can split (source: `Interlocked.Increment` docs).
// - **Don't share**: each thread counts in its own local variable, and the parts are added at the end (partition + combine, like a pool's `map` followed by `sum`).
//
// Each version is checked exact, then timed (best of 3 runs). Every thread does the same number of increments at the same time as the others, so the time per increment is the wall time divided by **one thread's** count.

// ---- cell 19
await NotebookApp.Cell(19);
var gate = new Lock();
var each = 10_000_000;                            // increments per thread
long WithLock()
{
    long n = 0;
    OnThreads(workers, _ => { for (var i = 0; i < each; i++) lock (gate) n++; });
    return n;
}
long WithInterlocked()
{
    long n = 0;
    OnThreads(workers, _ => { for (var i = 0; i < each; i++) Interlocked.Increment(ref n); });
    return n;
}

// ---- cell 20
await NotebookApp.Cell(20);
long Partitioned()
{
    var parts = new long[workers];
    OnThreads(workers, t =>
    {
        long mine = 0;                            // this thread's own count
        for (var i = 0; i < each; i++) mine++;
        parts[t] = mine;                          // one write to shared memory
    });
    return parts.Sum();
}

// ---- cell 21
await NotebookApp.Cell(21);
var fixes = new Dictionary<string, Func<long>>
{
    ["lock (Lock)"] = WithLock,
    ["Interlocked"] = WithInterlocked,
    ["partition + combine"] = Partitioned
};
foreach (var (name, run) in fixes)
    Claim.Equal(run(), workers * (long)each, $"{name} loses no update");
var costs = Measure.BestOfEach(fixes.Keys, name => fixes[name](), rounds: 3);
foreach (var (name, cost) in costs)
    Console.WriteLine($"{name,-20} {cost.TotalMilliseconds,8:F1} ms " +
        $"({cost.TotalNanoseconds / each,5:F1} ns per increment, per thread)");
var fastestFirst = costs.OrderBy(c => c.Value).Select(c => c.Key).ToList();
Console.WriteLine($"Fastest: {fastestFirst[0]}. Slowest: {fastestFirst[^1]}, " +
    $"{costs[fastestFirst[^1]] / costs[fastestFirst[0]]:F1}× the time of the fastest.");

// What decides the cost: `lock` and `Interlocked` make **every** increment touch one shared memory location, so the cores take it from each other's caches again and again; a `lock` also has to be taken and released. And when one thread wants a lock that another thread holds, it has to wait: that wait is called **contention** (source: *Contention ETW events* docs: "contention occurs when a thread is waiting for a lock while another thread possesses the lock"). Partition + combine touches shared memory once per thread: no synchronization needed at all. The numbers above say what each costs on this machine; how far apart they are depends on the CPU, and on whether the threads really ran at the same time.
//
// > **Discuss.** Partition + combine needed no synchronization at all. Which real workloads can be split like that, and which cannot (think of a shared cache, or a bank balance)?

// ## False sharing (optional)
//
// Partitioning only helps if the threads' data are really apart. A core caches memory in **cache lines**: blocks of 64 bytes on most CPUs, larger on a few. The runtime pads its own hot counters by 64 bytes, and by 128 on Arm64, "a size greater than or equal to the size of the most common CPU cache lines" (source: dotnet/runtime `Padding.cs`). Two counters side by side in an array almost always share a line (unless a line boundary falls between them), so two cores writing "their own" counter still take that line from each other: **false sharing**. Below, two threads each increment their own slot of one `long[]` 20 million times: slots 0 and 1 (8 bytes apart) and slots 0 and 16 (128 bytes apart), in turns, six rounds (the first warms up).
//
// Kernel cells run without JIT optimizations (the memory-model section below shows it), and unoptimized code keeps every variable on the stack and reloads it at each step (source: dotnet/runtime `OnStackReplacement.md`): that extra work per increment can hide the cost of the shared line. So the function runs in a `ProcessPool` worker, which compiles the cell's source again, **optimized** (see the memory-model section).
NotebookApp.Heading("## False sharing (optional)");

// ---- cell 24
await NotebookApp.Cell(24);
double BumpTwoSlotsMs(int gap)
{
    var slots = new long[32];                    // slot 0 and slot `gap`, gap × 8 bytes apart
    var ready = new Barrier(2);                  // both threads start together
    void Bump(int slot)
    {
        ready.SignalAndWait();
        for (var i = 0; i < 20_000_000; i++) slots[slot]++;
    }
    var threads = new[] { new Thread(() => Bump(0)), new Thread(() => Bump(gap)) };
    var clock = Stopwatch.StartNew();
    foreach (var t in threads) t.Start();
    foreach (var t in threads) t.Join();
    return clock.Elapsed.TotalMilliseconds;
}

// ---- cell 25
await NotebookApp.Cell(25);
var gaps = new[] { 1, 16 };                       // slot 1: next to slot 0; slot 16: 128 bytes away
var inTurns = Enumerable.Repeat(gaps, 6).SelectMany(round => round).ToArray();
IReadOnlyList<double> sharingMs;
using (var pool = new ProcessPool(1)) sharingMs = pool.Map(BumpTwoSlotsMs, inTurns);
Console.WriteLine(FalseSharing.Explain(gaps, sharingMs, Environment.ProcessorCount,
    FalseSharing.Cpu0Siblings()));

// ## Who waited for the lock? The runtime tells (optional)
//
// A free lock costs little; a lock another thread holds makes you **wait** (contention). The runtime reports such waits itself, on its event source `Microsoft-Windows-DotNETRuntime`: a `ContentionStart` event when a thread starts to wait (after a short spin, which is not reported) and a `ContentionStop` event, with the wait's duration, when it gets the lock (sources: *.NET runtime contention events* docs, which name `Monitor` and `lock`; for the `Lock` type used below, dotnet/runtime `Lock.cs`: `TryEnterSlow` spins first and logs `ContentionStart` only when it goes to wait). It reports GC pauses and changes to the thread pool's size there too. `tl.RecordRuntimeEvents()` puts them on the timeline: a wait becomes a bar on the lane of the thread that waited. (Or create the timeline with `new Timeline("…", runtimeEvents: true)`.)
//
// Below, thread 0 takes a `Lock` and holds it for 0.5 s (scaled); thread 1 starts once thread 0 holds it, and asks for it too.
NotebookApp.Heading("## Who waited for the lock? The runtime tells (optional)");

// ---- cell 27
await NotebookApp.Cell(27);
var tl = new Timeline("two threads, one lock");
var shared = new Lock();
var held = new ManualResetEventSlim();
void Worker(int t)
{
    if (t == 1) held.Wait();
    tl.Mark($"thread {t} asks for the lock");
    lock (shared)
    {
        held.Set();
        tl.Record($"thread {t} holds the lock", () => Demo.SleepSeconds(0.5));
    }
}
using (tl.RecordRuntimeEvents()) OnThreads(2, Worker);
NotebookApp.Show(tl);

// The "waits for a lock" bar was not recorded by our code: the runtime measured it. What it says, in numbers:

// ---- cell 29
await NotebookApp.Cell(29);
Console.WriteLine(tl.DescribeLockWait("thread 1 asks for the lock", "thread 0 holds the lock"));

// A `lock` on any other object (`Monitor`) reports the same events (source: the same docs: "monitor lock contentions such as with `Monitor.Enter` or the C# `lock` keyword"). On a busy server these bars answer "why is this request slow?" without guessing: the lane shows who waited, the bar how long.
//
// ## A deadlock, shown safely
//
// Two threads, two locks, opposite order: thread 1 takes A and then wants B; thread 2 takes B and then wants A. Each holds what the other wants, and both would wait forever: a **deadlock**. To keep the kernel alive, the second lock is asked for with `Monitor.TryEnter(lock, timeout)`, which gives up after the timeout (source: `Monitor.TryEnter` docs). A `Barrier` makes both threads hold their first lock before either asks for the second, and again before either lets go, so the deadlock happens every time, not by bad luck.
NotebookApp.Heading("## A deadlock, shown safely");

// ---- cell 31
await NotebookApp.Cell(31);
var lockA = new object();
var lockB = new object();
string TakeBoth(string name, object first, object second, Barrier barrier)
{
    lock (first)
    {
        barrier.SignalAndWait();                 // both hold their first lock
        var gotBoth = Monitor.TryEnter(second, Demo.Seconds(1));
        if (gotBoth) Monitor.Exit(second);
        barrier.SignalAndWait();                 // both have tried before either lets go
        return $"{name}: {(gotBoth ? "got both locks" : "gave up waiting")}";
    }
}

// ---- cell 32
await NotebookApp.Cell(32);
var barrier = new Barrier(2);
var outcomes = new string[2];
OnThreads(2, t => outcomes[t] = t == 0
    ? TakeBoth("thread 1 (A, then B)", lockA, lockB, barrier)
    : TakeBoth("thread 2 (B, then A)", lockB, lockA, barrier));
outcomes.ToList().ForEach(Console.WriteLine);
Claim.That(outcomes.All(o => o.EndsWith("gave up waiting")),
    "opposite lock orders deadlock here every time", string.Join("; ", outcomes));

// **The fix: one global lock order.** If every thread takes A before B (for example, ordered by an id), the thread that gets A also gets B, and the other waits its turn. Both threads below do 10,000 "A and B" operations, asking in opposite orders, but locking in one order, with the same timeout:

// ---- cell 34
await NotebookApp.Cell(34);
(object, object) InLockOrder(object x, object y) => x == lockA ? (x, y) : (y, x);
int GiveUps(object wantFirst, object wantSecond)
{
    var giveUps = 0;
    for (var i = 0; i < 10_000; i++)
    {
        var (one, two) = InLockOrder(wantFirst, wantSecond);
        lock (one)
        {
            if (Monitor.TryEnter(two, Demo.Seconds(1))) Monitor.Exit(two); else giveUps++;
        }
    }
    return giveUps;
}

// ---- cell 35
await NotebookApp.Cell(35);
var giveUps = new int[2];
OnThreads(2, t => giveUps[t] = t == 0 ? GiveUps(lockA, lockB) : GiveUps(lockB, lockA));
Console.WriteLine($"give-ups with one lock order: {giveUps.Sum()} in 20,000 operations");
Claim.Equal(giveUps.Sum(), 0, "with one lock order, no thread ever gives up");

// ## `ConcurrentDictionary.GetOrAdd` can run its factory twice (optional)
//
// `GetOrAdd(key, factory)` is thread-safe, but it calls the factory **outside** its locks, "to avoid the problems that can arise from executing unknown code under a lock"; so when two threads miss the same key at the same time, the factory "may be called multiple times, but only one key/value pair will be added" (source: `ConcurrentDictionary.GetOrAdd` docs). Both callers get the stored value. If the factory is expensive or has side effects (opens a connection, sends an email), that matters. A `Barrier` in the factory makes the first caller wait until the second is inside too, so it happens every time:
NotebookApp.Heading("## `ConcurrentDictionary.GetOrAdd` can run its factory twice (optional)");

// ---- cell 37
await NotebookApp.Cell(37);
var cache = new ConcurrentDictionary<string, string>();
var factoryRuns = 0;
var bothInside = new Barrier(2);
string Build(string key)
{
    Interlocked.Increment(ref factoryRuns);
    bothInside.SignalAndWait(TimeSpan.FromSeconds(5));   // wait for the other caller
    return $"{key}, built on thread {Environment.CurrentManagedThreadId}";
}
var got = new string[2];
OnThreads(2, t => got[t] = cache.GetOrAdd("report", Build));
Console.WriteLine($"factory runs: {factoryRuns}; distinct values: {got.Distinct().Count()}");
Console.WriteLine($"both callers got \"{got[0]}\"");
Claim.Equal(factoryRuns, 2, "both callers ran the factory");
Claim.Equal(got[1], got[0], "both callers got the one stored value");

// **The fix: store a `Lazy<T>`.** Two callers may both create a `Lazy` (cheap), but only the stored one is returned. A `Lazy<T>` made from a factory uses a lock so that only one thread runs the factory; a caller that comes while it runs waits for it (sources: `Lazy<T>` constructor and `LazyThreadSafetyMode.ExecutionAndPublication` docs). Here the second thread asks only once the first is inside the factory:

// ---- cell 39
await NotebookApp.Cell(39);
var lazyCache = new ConcurrentDictionary<string, Lazy<string>>();
var lazyRuns = 0;
var inside = new ManualResetEventSlim();
string BuildSlowly(string key)
{
    Interlocked.Increment(ref lazyRuns);
    inside.Set();
    Demo.SleepSeconds(0.2);
    return $"{key}, built on thread {Environment.CurrentManagedThreadId}";
}
string Get(string key) =>
    lazyCache.GetOrAdd(key, k => new Lazy<string>(() => BuildSlowly(k))).Value;
var lazyGot = new string[2];
OnThreads(2, t => { if (t == 1) inside.Wait(); lazyGot[t] = Get("report"); });
Console.WriteLine($"factory runs: {lazyRuns}; both callers got \"{lazyGot[0]}\"");
Claim.Equal(lazyRuns, 1, "the Lazy ran its factory once");
Claim.Equal(lazyGot[1], lazyGot[0], "both callers got the one value");

// ## The memory model: a loop that may never see a write
//
// One thread spins `while (!done) { }`; another sets `done = true`. Surely the loop ends? Not necessarily. The .NET memory model lets the compiler merge repeated ordinary reads of one location into one ("adjacent nonvolatile reads from the same location can be coalesced", source: dotnet/runtime `Memory-model.md`). So the JIT may read `done` **once**, before the loop (**hoisting** the read out of the loop), and then the loop spins forever. `Volatile.Read(ref done)` (or a `volatile` field) forbids that: a volatile read is never merged away, and the same document's own example of a flag loop uses it.
//
// Hoisting is an optimization: only optimized code does it. Unoptimized code keeps no value in a register from one step to the next and reads `done` afresh on every turn (source: `OnStackReplacement.md`). So first: does the JIT optimize the code of kernel cells, and of functions a `ProcessPool` worker runs?
NotebookApp.Heading("## The memory model: a loop that may never see a write");

// ---- cell 41
await NotebookApp.Cell(41);
bool JitOptimizes(Assembly assembly) =>
    assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
bool WorkerOptimizes(int _) =>
    MethodBase.GetCurrentMethod()!.DeclaringType!.Assembly
        .GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
var cellOptimized = JitOptimizes(MethodBase.GetCurrentMethod()!.DeclaringType!.Assembly);
bool workerOptimized;
using (var pool = new ProcessPool(1)) workerOptimized = pool.Map(WorkerOptimizes, new[] { 0 })[0];
string OnOff(bool on) => on ? "on (like a Release build)" : "off (like a Debug build)";
Console.WriteLine($"JIT optimizations in kernel cells:     {OnOff(cellOptimized)}");
Console.WriteLine($"JIT optimizations in worker functions: {OnOff(workerOptimized)}");
Console.Write(SynchronizationClaims.CheckJitOptimizations(cellOptimized, workerOptimized));

// Why the same function behaves differently in a worker: the kernel compiles each cell like a Debug build, which marks the code "do not optimize" for the JIT (the `DebuggableAttribute` the cell reads; source: Visual Studio docs, *JIT Optimization and Debugging*). A worker process does not have the cell's in-memory assembly, so the pool takes the function's **source** from the notebook and compiles it again with the kernel's Roslyn, with `OptimizationLevel.Release` (source: this repository's `helpers/ConcurrencyNotebooks/Shipping/ShippingCompiler.cs`). In the worker the JIT optimizes it.
//
// So the loop runs in a worker, which also keeps us safe: a thread spinning forever cannot be stopped from inside a process (.NET has no way to abort a thread: `Thread.Abort` throws `PlatformNotSupportedException`, source: `Thread.Abort` docs), but the pool's `TaskTimeout` kills the whole worker. Each function below starts a reader thread, waits 100 ms, sets `done`, and waits for the reader to finish. The 100 ms matter: even in the worker, the JIT first compiles the reader's loop quickly without optimizations, counts its turns, and once the loop is hot switches to an optimized version in the middle of the loop (**on-stack replacement**, source: `OnStackReplacement.md`).

// ---- cell 43
await NotebookApp.Cell(43);
int SpinUntilDone(int milliseconds)
{
    var done = false;
    var reader = new Thread(() => { while (!done) { } });
    reader.Start();
    Thread.Sleep(milliseconds);
    done = true;                       // the write the reader may never see
    reader.Join();
    return milliseconds;
}

// ---- cell 44
await NotebookApp.Cell(44);
int SpinUntilDoneVolatile(int milliseconds)
{
    var done = false;
    var reader = new Thread(() => { while (!Volatile.Read(ref done)) { } });
    reader.Start();
    Thread.Sleep(milliseconds);
    Volatile.Write(ref done, true);
    reader.Join();
    return milliseconds;
}

// ---- cell 45
await NotebookApp.Cell(45);
var patience = TimeSpan.FromSeconds(Math.Max(1, Demo.Seconds(2).TotalSeconds));
var options = new ProcessPoolOptions { TaskTimeout = patience };
bool plainEnded, volatileEnded;
using (var pool = new ProcessPool(1, options))
{
    try { pool.Map(SpinUntilDone, new[] { 100 }); plainEnded = true; }
    catch (TimeoutException) { plainEnded = false; }
    try { pool.Map(SpinUntilDoneVolatile, new[] { 100 }); volatileEnded = true; }
    catch (TimeoutException) { volatileEnded = false; }
}
string Ended(bool ended) => ended ? "saw the write and stopped"
    : $"was still spinning after {patience.TotalSeconds:F0} s; the pool killed the worker";
Console.WriteLine($"plain bool:    the reader {Ended(plainEnded)}.");
Console.WriteLine($"Volatile.Read: the reader {Ended(volatileEnded)}.");
Claim.That(volatileEnded, "Volatile.Read sees the write", $"the Volatile reader {Ended(false)}");

// ---- cell 46
await NotebookApp.Cell(46);
Console.WriteLine(plainEnded
    ? "This time the JIT did not hoist the read: the model allows hoisting, it does not require it."
    : "The JIT read `done` once, before the loop: the write came, the loop never looked again. "
      + "Volatile.Read made the same loop see it.");

// `Volatile` is not the only guarantee. Taking a `lock` is an *acquire* (no later read or write may move before it) and releasing it a *release* (no earlier read or write may move after it), so a read of `done` inside `lock (gate) { … }` cannot be merged across turns either; every `Interlocked` method is a **full fence** (no read or write moves across it, in either direction). Sources: dotnet/runtime `Memory-model.md`; Albahari, *Threading in C#*, part 4, "Memory barriers and volatility". What gives no guarantee is a plain field, however often "it worked when I tried it".
//
// > **Discuss.** Whichever way the plain loop went in this run: why is "it worked when I tried it" no evidence for code that shares a flag through a plain field? What would you look for in a code review?

// ## Try it yourself
//
// > **Exercise 1: an update that awaits.** This is the Python "inside" case, in C#. Each of several tasks reads a shared cell, awaits something (think: a database call), then writes the value + 1 back. Write `StartUpdates(tasks, cell, pause)` so it starts `tasks` such tasks **at once** and returns them (without awaiting them), and guard each read … `await pause()` … write with a `SemaphoreSlim`, so no update is lost. The check lets no pause end before `StartUpdates` has returned, so every task has started by then and an unguarded version always loses updates; it also counts the reads, pauses and writes.
NotebookApp.Heading("## Try it yourself");

// ---- cell 49
await NotebookApp.Cell(49);
IReadOnlyList<Task> StartUpdates(int tasks, SharedCell cell, Func<Task> pause)
{
    // Your code here: start one task per update, each doing (guarded by a SemaphoreSlim)
    //     var value = cell.Read(); await pause(); cell.Write(value + 1);
    // and return the tasks.
    return new List<Task>();
}

// ---- cell 50 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(50);
try
{
    await SynchronizationChecks.SafeUpdates(StartUpdates);
    Console.WriteLine("✔ Every update counted, none overlapped.");
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: transfers without deadlock.** A transfer locks the `Gate` of both accounts. Each `Account` has an `Id`, a number no other account has. Write `LockOrder(from, to)` so it returns the two accounts in the order to lock them, such that a transfer a→b and a transfer b→a at the same moment can never deadlock (hint: compare `from.Id` and `to.Id`). The check runs both at once, gated so that two different orders always deadlock (it detects that with a timeout and tells you).

// ---- cell 52
await NotebookApp.Cell(52);
(Account First, Account Second) LockOrder(Account from, Account to)
{
    // Your code here: the same order whichever way the money goes.
    return (from, to);
}

// ---- cell 53 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(53);
try
{
    SynchronizationChecks.LockOrder(LockOrder);
    Console.WriteLine("✔ Both transfers went through: one lock order, no deadlock.");
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/06-synchronization.csx`](solutions/06-synchronization.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 55
await NotebookApp.Cell(55);
// Model answers to notebook 6's exercises (06-synchronization.ipynb). Each answer is followed by its check.
// The notebook's Solutions cell imports this file after its setup has run.

// Exercise 1: one SemaphoreSlim guards read … await … write, so no two updates overlap.
IReadOnlyList<Task> StartUpdatesSolution(int tasks, SharedCell cell, Func<Task> pause)
{
    var gate = new SemaphoreSlim(1, 1);
    async Task Update()
    {
        await gate.WaitAsync();
        try { var value = cell.Read(); await pause(); cell.Write(value + 1); }
        finally { gate.Release(); }
    }
    return Enumerable.Range(0, tasks).Select(_ => Update()).ToList();
}
await SynchronizationChecks.SafeUpdates(StartUpdatesSolution);
Console.WriteLine("✔ Exercise 1: every update counted, none overlapped.");

// Exercise 2: one global order, by Account.Id, whichever way the money goes.
(Account First, Account Second) LockOrderSolution(Account from, Account to) =>
    from.Id < to.Id ? (from, to) : (to, from);
SynchronizationChecks.LockOrder(LockOrderSolution);
Console.WriteLine("✔ Exercise 2: both transfers went through: one lock order, no deadlock.");

// > **Playground.** In the false-sharing cell, try slots 0 and 8 (`new[] { 1, 8 }`: 64 bytes apart, so on different lines, but neighbours). In the lock demo, hold the lock for 2 seconds (`Demo.SleepSeconds(2)`) and watch the wait grow.
//
// ## Sources
//
// - [Python docs: Developing with asyncio, concurrency and multithreading](https://docs.python.org/3/library/asyncio-dev.html#concurrency-and-multithreading): one thread runs all tasks; a task is suspended only at an `await`.
// - [Python docs: asyncio Synchronization Primitives](https://docs.python.org/3/library/asyncio-sync.html#lock): `asyncio.Lock` guarantees exclusive access to shared state across awaits.
// - [Stephen Toub: ConfigureAwait FAQ](https://devblogs.microsoft.com/dotnet/configureawait-faq/): with no `SynchronizationContext`, the code after an `await` runs on the thread pool.
// - [SemaphoreSlim.WaitAsync](https://learn.microsoft.com/dotnet/api/system.threading.semaphoreslim.waitasync): waiting for the semaphore asynchronously.
// - [System.Threading.Lock](https://learn.microsoft.com/dotnet/api/system.threading.lock): locks are held by threads; no `await` between entering and exiting.
// - [C# 13 feature spec: Lock object](https://learn.microsoft.com/dotnet/csharp/language-reference/proposals/csharp-13.0/lock-object): `lock` on a `Lock` calls `EnterScope`; on other objects it uses `Monitor`.
// - [Interlocked.Increment](https://learn.microsoft.com/dotnet/api/system.threading.interlocked.increment): increments as an atomic operation.
// - [Contention ETW events](https://learn.microsoft.com/dotnet/framework/performance/contention-etw-events): what contention is; the start event is raised only once a thread waits, after spinning.
// - [.NET runtime contention events](https://learn.microsoft.com/dotnet/fundamentals/diagnostics/runtime-contention-events): `ContentionStart`/`ContentionStop` (with `DurationNs`) for `Monitor.Enter` and `lock`.
// - [dotnet/runtime: Lock.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/Lock.cs): `TryEnterSlow` spins, then logs `ContentionStart` as it starts to wait and `ContentionStop` with the wait's duration once it holds the lock.
// - [dotnet/runtime: Padding.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/Common/src/Internal/Padding.cs): padding against false sharing of 64 bytes (128 on Arm64), at least the most common cache-line size.
// - [Monitor.TryEnter](https://learn.microsoft.com/dotnet/api/system.threading.monitor.tryenter): trying for a lock with a timeout.
// - [ConcurrentDictionary.GetOrAdd](https://learn.microsoft.com/dotnet/api/system.collections.concurrent.concurrentdictionary-2.getoradd): the factory runs outside the locks and may run more than once.
// - [LazyThreadSafetyMode](https://learn.microsoft.com/dotnet/api/system.threading.lazythreadsafetymode): `ExecutionAndPublication`, the default for `new Lazy<T>(factory)`, lets one thread run the factory.
// - [dotnet/runtime: Memory-model.md](https://github.com/dotnet/runtime/blob/main/docs/design/specs/Memory-model.md): reads may be coalesced; volatile acquire/release; lock acquire/release; `Interlocked` is a full fence; the flag-loop example.
// - [Albahari, Threading in C#, part 4: memory barriers and volatility](https://www.albahari.com/threading/part4.aspx#_Memory_Barriers_and_Volatility): `lock` and `Interlocked` generate full fences.
// - [dotnet/runtime: OnStackReplacement.md](https://github.com/dotnet/runtime/blob/main/docs/design/features/OnStackReplacement.md): unoptimized code keeps its state in the stack frame; hot loops switch to optimized code mid-run.
// - [Visual Studio docs: JIT Optimization and Debugging](https://learn.microsoft.com/visualstudio/debugger/jit-optimization-and-debugging): Debug builds are not optimized; the JIT does the significant optimizations.
// - [Thread.Abort](https://learn.microsoft.com/dotnet/api/system.threading.thread.abort): throws `PlatformNotSupportedException` on .NET 5 and later.
// - This repository: [`ShippingCompiler.cs`](../helpers/ConcurrencyNotebooks/Shipping/ShippingCompiler.cs): the pool compiles a cell function's source with `OptimizationLevel.Release`.
//
// ---
// ⏪ Last: [5 · Comparison](05-comparison.ipynb) · ⏩ Next: [7 · Channels and cancellation](07-channels-and-cancellation.ipynb)
NotebookApp.Heading("## Sources");

return NotebookApp.Finish();
