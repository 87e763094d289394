#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
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
using ConcurrencyNotebooks.Timelines;
using System.Collections.Concurrent;
using System.Reflection;
using ConcurrencyNotebooks.Apps;

// # 6 · Synchronization: races, locks, deadlocks and the memory model
//
// The guide stops at "how to start things". This notebook is about what goes wrong next. Every hazard runs **safely**: anything that could hang runs under a timeout or in a worker process, never stuck in the kernel. You will
//
// - see that `async` code in .NET runs on **many threads**, so updates between awaits can be lost, where Python's asyncio (one thread) never loses one; fix it with `SemaphoreSlim.WaitAsync`, and see why `await` inside `lock` does not compile;
// - fix a race on a shared counter three ways (`lock`, `Interlocked`, not sharing), measure what each costs, then measure **false sharing**;
// - watch the runtime itself report **which thread waited for a lock, and for how long**, on a timeline;
// - provoke a **deadlock** and fix it with lock ordering; catch `ConcurrentDictionary.GetOrAdd` running its factory twice;
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
// In Python, asyncio runs every task on **one** thread. A task gives up the thread only at an `await`, so `counter += 1` between two awaits is never interrupted. The Python twin (`python/async_counter.py`) runs 100 tasks; each, 10 times, awaits and then adds 1 to a shared counter 10,000 times:
//
// ```python
// async def bump():
//     nonlocal counter
//     for _ in range(rounds):
//         await asyncio.sleep(0)  # let other tasks run
//         for _ in range(adds):
//             counter += 1
//
// await asyncio.gather(*(bump() for _ in range(tasks)))
// ```
NotebookApp.Heading("## `async` code runs on many threads");

// ---- cell 6
await NotebookApp.Cell(6);
if (PythonTwin.IsAvailable)
{
    var py = PythonTwin.RunForNumbers("python/async_counter.py", "100", "10", "10000");
    Console.WriteLine($"Python: expected {py[0]:N0}, counter {py[1]:N0}, on {py[2]} thread(s)");
    if (py[1] != py[0] || py[2] != 1)
        throw new Exception("asyncio lost an update or used several threads: the text is wrong");
}
else
{
    Console.WriteLine("python3 is not installed here, so the Python side is skipped.");
}

// The C# twin. `await Task.Yield()` plays `asyncio.sleep(0)`. But in .NET, the code after an `await` is queued to the **thread pool** (the kernel has no `SynchronizationContext` that would bring it back to one thread), and pool threads run at the same time on all cores. So two tasks can run `count++` (read, add, write) at the same moment, and one update is lost. The cell also collects which threads ran the increments.

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

// ### The fix: an async lock, `SemaphoreSlim.WaitAsync`
//
// A `SemaphoreSlim(1, 1)` lets one task in at a time, and waiting for it is an `await`: no thread blocks while a task waits its turn. `Release` goes in a `finally`, so an exception cannot leave the semaphore taken.
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
if (safe != expected) throw new Exception("the semaphore lost an update: the text is wrong");

// ### Why not `lock`?
//
// A `lock` belongs to the thread that took it: `Monitor.Exit` must run on the thread that ran `Monitor.Enter`. After an `await` the method may go on on another thread, so C# refuses an `await` inside a `lock` body. This is what the compiler says (the snippet is compiled with the kernel's own Roslyn, so this cell does not fail):
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
if (!errors.Any(e => e.Contains("CS1996"))) throw new Exception("expected error CS1996");

// ## A race between threads, and three fixes
//
// The same race without `async`: plain threads increment one shared counter, all starting at the same moment. The total is **not** checked here: it is usually wrong, and it changes from run to run.
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
// - **`lock`** around the increment. .NET 9 added `System.Threading.Lock`, a type made for locking; `lock (gate)` on a `Lock` uses it directly (on any other object, `lock` uses `Monitor`).
// - **`Interlocked.Increment`**: one atomic read-add-write done by the CPU, no lock.
// - **Don't share**: each thread counts in its own local variable, and the parts are added at the end (partition + combine, like a pool's `map` followed by `sum`).
//
// Each version is checked exact, then timed (best of 3 runs).

// ---- cell 19
await NotebookApp.Cell(19);
var gate = new Lock();
var each = 10_000_000;
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
    if (run() != workers * each) throw new Exception($"{name} lost an update");
var costs = Measure.BestOfEach(fixes.Keys, name => fixes[name](), rounds: 3);
foreach (var (name, cost) in costs)
    Console.WriteLine($"{name,-20} {cost.TotalMilliseconds,8:F1} ms " +
        $"({cost.TotalNanoseconds / (workers * each),5:F1} ns per increment)");
var order = costs.OrderBy(c => c.Value).Select(c => c.Key).ToList();
Console.WriteLine($"Fastest: {order[0]}. Slowest: {order[^1]}, " +
    $"{costs[order[^1]] / costs[order[0]]:F1}× the time of the fastest.");

// What decides the cost: `lock` and `Interlocked` make **every** increment touch one shared memory location, so the cores pass it back and forth; a `lock` also has to be taken and released (and waited for, when the other thread has it). Partition + combine touches shared memory once per thread: no synchronization needed at all. The numbers above say what each costs on this machine; how far apart they are depends on the CPU, and on whether the two threads really ran at the same time.
//
// ## False sharing
//
// Partitioning only helps if the threads' data are really apart. A core caches memory in **lines** (64 bytes on most CPUs); two counters side by side in an array share a line, so two cores writing "their own" counter still fight over it. Below, two threads each increment their own slot of one array 20 million times: first slots 0 and 1 (adjacent: same line), then slots 0 and 16 (128 bytes apart: padded).
NotebookApp.Heading("## False sharing");

// ---- cell 23
await NotebookApp.Cell(23);
var slots = new long[32];
void Bump(int slot, int times) { for (var i = 0; i < times; i++) slots[slot]++; }
var placements = new[] { "adjacent (slots 0, 1)", "padded (slots 0, 16)" };
var sharing = Measure.BestOfEach(placements, p =>
    OnThreads(2, t => Bump(t == 0 ? 0 : p.StartsWith("adjacent") ? 1 : 16, 20_000_000)), rounds: 3);
foreach (var (placement, time) in sharing)
    Console.WriteLine($"{placement,-22} {time.TotalMilliseconds,7:F1} ms");
var ratio = sharing[placements[0]] / sharing[placements[1]];
Console.WriteLine(ratio >= 1.2
    ? $"Adjacent counters took {ratio:F1}× as long: the two cores kept stealing one cache line."
    : ratio <= 1 / 1.2
        ? $"Padded counters were slower this run ({1 / ratio:F1}×): noise won. Run it again."
        : $"No clear difference this run ({ratio:F2}×): on {Environment.ProcessorCount} cores "
          + "shared with other programs the effect can hide. Run it again.");

// ## Who waited for the lock? The runtime tells
//
// A free lock costs little; a lock another thread holds makes you **wait**. The runtime reports every such wait itself (a *contention* event, with how long it lasted), along with GC pauses and changes to the thread pool's size, on its event source `Microsoft-Windows-DotNETRuntime`. `tl.RecordRuntimeEvents()` puts them on the timeline: a wait becomes a bar on the lane of the thread that waited. (Or create the timeline with `new Timeline("…", runtimeEvents: true)`.)
//
// Below, thread 0 takes a `Lock` and holds it for 0.5 s (scaled); thread 1 starts once thread 0 holds it, and asks for it too.
NotebookApp.Heading("## Who waited for the lock? The runtime tells");

// ---- cell 25
await NotebookApp.Cell(25);
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

// ---- cell 27
await NotebookApp.Cell(27);
var spans = tl.Spans;
double Ms(long ticks) => Stopwatch.GetElapsedTime(tl.StartTicks, ticks).TotalMilliseconds;
var asked = spans.Single(s => s.Label == "thread 1 asks for the lock");
var held0 = spans.Single(s => s.Label == "thread 0 holds the lock");
var waits = spans.Where(s => s.Label.Contains("waits for a lock")).ToList();
var mine = waits.Where(s => s.OsThreadId == asked.OsThreadId).ToList();
if (mine.Count == 0) throw new Exception("the runtime reported no wait for thread 1");
Console.WriteLine($"thread 1 asked at {Ms(asked.StartTicks):F1} ms, waited " +
    $"{mine.Sum(w => w.Duration.TotalMilliseconds):F1} ms, until {Ms(mine[^1].EndTicks):F1} ms; " +
    $"thread 0 held the lock until {Ms(held0.EndTicks):F1} ms.");
foreach (var other in waits.Except(mine))
    Console.WriteLine($"also on the chart: a {other.Duration.TotalMilliseconds:F2} ms wait of " +
        (other.OsThreadId == held0.OsThreadId ? "thread 0" : "a thread outside this demo"));

// A `lock` on any object (`Monitor`) reports the same events. On a busy server these bars answer "why is this request slow?" without guessing: the lane shows who waited, the bar how long.
//
// ## A deadlock, shown safely
//
// Two threads, two locks, opposite order: thread 1 takes A and then wants B; thread 2 takes B and then wants A. Each holds what the other wants, and both would wait forever (Python's `threading.Lock` deadlocks the same way). To keep the kernel alive, the second lock is asked for with `Monitor.TryEnter(lock, timeout)`, which gives up. A `Barrier` makes both threads hold their first lock before either asks for the second, and again before either lets go, so the deadlock happens every time, not by bad luck.
NotebookApp.Heading("## A deadlock, shown safely");

// ---- cell 29
await NotebookApp.Cell(29);
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

// ---- cell 30
await NotebookApp.Cell(30);
var barrier = new Barrier(2);
var outcomes = new string[2];
OnThreads(2, t => outcomes[t] = t == 0
    ? TakeBoth("thread 1 (A, then B)", lockA, lockB, barrier)
    : TakeBoth("thread 2 (B, then A)", lockB, lockA, barrier));
outcomes.ToList().ForEach(Console.WriteLine);
if (!outcomes.All(o => o.EndsWith("gave up waiting"))) throw new Exception("expected a deadlock");

// **The fix: one global lock order.** If every thread takes A before B (for example, ordered by an id), the thread that gets A also gets B, and the other waits its turn. Both threads below do 10,000 "A and B" operations, asking in opposite orders, but locking in one order, with the same timeout:

// ---- cell 32
await NotebookApp.Cell(32);
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

// ---- cell 33
await NotebookApp.Cell(33);
var giveUps = new int[2];
OnThreads(2, t => giveUps[t] = t == 0 ? GiveUps(lockA, lockB) : GiveUps(lockB, lockA));
Console.WriteLine($"give-ups with one lock order: {giveUps.Sum()} in 20,000 operations");
if (giveUps.Sum() != 0) throw new Exception("ordered locks still gave up");

// ## `ConcurrentDictionary.GetOrAdd` can run its factory twice
//
// `GetOrAdd(key, factory)` is thread-safe, but it calls the factory **outside** its lock. Two threads that miss the same key at the same time both run the factory; one result is stored, and both callers get that one. If the factory is expensive or has side effects (opens a connection, sends an email), that matters. A `Barrier` in the factory makes the first caller wait until the second is inside too, so it happens every time:
NotebookApp.Heading("## `ConcurrentDictionary.GetOrAdd` can run its factory twice");

// ---- cell 35
await NotebookApp.Cell(35);
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
if (factoryRuns != 2 || got[0] != got[1]) throw new Exception("expected two runs, one value");

// **The fix: store a `Lazy<T>`.** Two callers may both create a `Lazy` (cheap), but only the stored one is returned, and its `.Value` runs the factory once; a caller that comes while it runs waits for it. Here the second thread asks only once the first is inside the factory:

// ---- cell 37
await NotebookApp.Cell(37);
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
if (lazyRuns != 1 || lazyGot[0] != lazyGot[1]) throw new Exception("expected one run, one value");

// ## The memory model: a loop that may never see a write
//
// One thread spins `while (!done) { }`; another sets `done = true`. Surely the loop ends? Not necessarily. The C# memory model lets the JIT compiler assume that no other thread changes `done` during the loop, and read it **once**, before the loop ("hoisting"); then the loop spins forever. `Volatile.Read(ref done)` (or a `volatile` field) forbids that: every read really reads. Only optimized code hoists, so first: does the JIT optimize the code of kernel cells, and of functions a `ProcessPool` worker runs?
NotebookApp.Heading("## The memory model: a loop that may never see a write");

// ---- cell 39
await NotebookApp.Cell(39);
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

// So the loop runs in a worker process: a thread spinning forever cannot be stopped from inside a process, but the pool's `TaskTimeout` kills the whole worker. Each function below starts a reader thread, waits 100 ms (time for tiered compilation to swap the hot loop for optimized code), sets `done`, and waits for the reader to finish.

// ---- cell 41
await NotebookApp.Cell(41);
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

// ---- cell 42
await NotebookApp.Cell(42);
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

// ---- cell 43
await NotebookApp.Cell(43);
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
if (!volatileEnded) throw new Exception("Volatile.Read did not see the write: the text is wrong");

// ---- cell 44
await NotebookApp.Cell(44);
Console.WriteLine(plainEnded
    ? "This time the JIT did not hoist the read: the model allows hoisting, it does not require "
      + "it. Only Volatile makes seeing the write a guarantee, on every run and every CPU."
    : "The JIT read `done` once, before the loop: the write came, the loop never looked again. "
      + "Volatile.Read made the same loop see it.");

// ## Try it yourself
//
// > **Exercise 1: an update that awaits.** Each of several tasks reads a shared cell, awaits something (think: a database call), then writes the value + 1 back. Write `StartUpdates(tasks, cell, pause)` so it starts `tasks` such tasks **at once** and returns them (without awaiting them), and guard each read … `await pause()` … write with a `SemaphoreSlim`, so no update is lost. The check lets no pause end before `StartUpdates` has returned, so every task has started by then and an unguarded version always loses updates; it also counts the reads, pauses and writes.
NotebookApp.Heading("## Try it yourself");

// ---- cell 46
await NotebookApp.Cell(46);
IReadOnlyList<Task> StartUpdates(int tasks, SharedCell cell, Func<Task> pause)
{
    // Your code here: start one task per update, each doing (guarded by a SemaphoreSlim)
    //     var value = cell.Read(); await pause(); cell.Write(value + 1);
    // and return the tasks.
    return new List<Task>();
}

// ---- cell 47 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(47);
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

// > **Exercise 2: transfers without deadlock.** A transfer locks the `Gate` of both accounts. Write `LockOrder(from, to)` so it returns the two accounts in the order to lock them, such that a transfer a→b and a transfer b→a at the same moment can never deadlock. The check runs both at once, gated so that two different orders always deadlock (it detects that with a timeout and tells you).

// ---- cell 49
await NotebookApp.Cell(49);
(Account First, Account Second) LockOrder(Account from, Account to)
{
    // Your code here: the same order whichever way the money goes.
    return (from, to);
}

// ---- cell 50 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(50);
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

// <details><summary><b>Solutions</b> (try first!)</summary>
//
// The two cells below are model answers; each runs its check again.
// </details>

// ---- cell 52
await NotebookApp.Cell(52);
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
Console.WriteLine("✔ Every update counted, none overlapped.");

// ---- cell 53
await NotebookApp.Cell(53);
(Account First, Account Second) LockOrderSolution(Account from, Account to) =>
    from.Id < to.Id ? (from, to) : (to, from);   // one global order: by Id
SynchronizationChecks.LockOrder(LockOrderSolution);
Console.WriteLine("✔ Both transfers went through: one lock order, no deadlock.");

// > **Playground.** In the false-sharing cell, try slots 0 and 8 (64 bytes apart: different lines, but neighbours, and some CPUs fetch lines in pairs). In the lock demo, hold the lock for 2 seconds and watch the wait grow.
//
// ---
// ⏪ Last: [5 · Comparison](05-comparison.ipynb) · ⏩ Next: [7 · Channels and cancellation](07-channels-and-cancellation.ipynb)

return NotebookApp.Finish();
