#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
#:property PublishAot=false
// Generated from notebooks/05-comparison.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/05-comparison.cs
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

// # 5 · Comparison: the guide's table, measured on your machine
//
// The guide ends with a table:
//
// | Method | Use Case | Best For |
// |--------|---------|----------|
// | Threading | Concurrency | I/O-bound tasks (e.g., file I/O, network requests) |
// | Multiprocessing | Parallelism | CPU-bound tasks (e.g., data processing, ML) |
// | Asyncio | Async I/O | High-performance network applications |
//
// That table is right for Python. This notebook rebuilds it **from measurements** for .NET: the same I/O-bound job and the same CPU-bound job, each run sequentially, with threads, with the thread pool, with `async`, and with worker processes, timed both **cold** (the first run) and **warm** (the best run after it). Then the table is generated from the numbers.
NotebookApp.Heading("# 5 · Comparison: the guide's table, measured on your machine");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("05-comparison", "..", [
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

// ## The I/O-bound job: requests to a slow web server
//
// The notebook starts a small web server on `127.0.0.1` (your own machine, no network) that answers every request after a fixed delay, like a slow API. The job: download 20 pages.
NotebookApp.Heading("## The I/O-bound job: requests to a slow web server");

// ---- cell 4
await NotebookApp.Cell(4);
var server = SlowHttpServer.Start(Demo.Seconds(0.5));
var urls = Enumerable.Range(1, 20).Select(i => server.Url($"page/{i}")).ToArray();
var comparison = new Comparison();
Console.WriteLine($"server at {server.BaseAddress}, {urls.Length} pages, " +
    $"{server.Delay.TotalMilliseconds:F0} ms each");

// Five ways to do it. `IoWork.Get(url)` is a blocking download (the thread waits); `IoWork.GetAsync(url)` awaits instead. `OnThreads` starts one thread per job and joins them all.

// ---- cell 6
await NotebookApp.Cell(6);
void OnThreads(IEnumerable<Action> jobs)
{
    var threads = jobs.Select(job => new Thread(() => job())).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
}

// `comparison.Add` names a way of doing the job; `comparison.RunAsync` times them all. First **one cold run** of each, in the order added: the thread pool as this kernel has it now, nothing grown for this job yet (the legend under the table gives its thread count). Then a few **warm** rounds, every method once per round (so a slow moment of the machine hits them all alike), keeping each one's best, and the spread between its fastest and slowest round: two methods whose best times differ by less than that spread are called tied. Blocking code runs on a thread of its own, as a cell's does; async code is awaited, never blocked on. Before the warm rounds it waits for the JIT: after a cell starts, the runtime recompiles the kernel's hot code on a background thread, which can keep one of your cores busy for seconds.
//
// The cell starts with one request of each kind, so that no cold run pays for compiling `HttpClient`. (Cold means cold only once per kernel: to see it again, restart the kernel and run from the top.)

// ---- cell 8
await NotebookApp.Cell(8);
IoWork.Get(urls[0]);
await IoWork.GetAsync(urls[0]);
const string Io = "I/O-bound: 20 downloads";
comparison.Add(Io, "sequential", () => { foreach (var url in urls) IoWork.Get(url); });
comparison.Add(Io, "threads", () => OnThreads(urls.Select(url => (Action)(() => IoWork.Get(url)))));
comparison.Add(Io, "thread pool (Parallel)", () => Parallel.ForEach(urls,
    new ParallelOptions { MaxDegreeOfParallelism = urls.Length }, url => IoWork.Get(url)));
comparison.Add(Io, "async (Task.WhenAll)",
    () => Task.WhenAll(urls.Select(url => IoWork.GetAsync(url))));
await comparison.RunAsync(Io, runs: 2);
NotebookApp.Show(comparison);

// And with worker processes: a pool of one worker per core, each downloading with the same blocking `IoWork.Get`. The pool is started and every worker has run once before timing (like a warm `multiprocessing.Pool`). The server counts how many requests wait at once while this row runs.

// ---- cell 10
await NotebookApp.Cell(10);
var pool = new ProcessPool(Environment.ProcessorCount);
await pool.WaitForWorkersAsync();   // every worker up, so each takes one warm-up request
await pool.MapAsync(IoWork.Get, urls.Take(pool.WorkerCount), chunkSize: 1);
var processes = $"processes ({pool.WorkerCount} workers)";
comparison.Add(Io, processes, () => pool.MapAsync(IoWork.Get, urls, chunkSize: 1));
using (var peak = server.WatchPeak())
{
    await comparison.RunAsync(Io, runs: 2);
    Console.WriteLine($"while this row ran, the server saw at most {peak.MaxConcurrentRequests} " +
        $"requests at once ({pool.WorkerCount} workers)");
    Claim.AtMost(peak.MaxConcurrentRequests, pool.WorkerCount,
        "a worker process downloads one page at a time, so at most one request per worker");
}
NotebookApp.Show(comparison);

// ---- cell 11
await NotebookApp.Cell(11);
string X(double speedUp) => $"{speedUp:0.0}×";
foreach (var method in new[] { "threads", "thread pool (Parallel)", "async (Task.WhenAll)" })
    Console.WriteLine($"{method}: {X(comparison.ColdSpeedUp(Io, method))} cold, " +
        $"{X(comparison.SpeedUp(Io, method))} warm");
const string Par = "thread pool (Parallel)";
Console.WriteLine(comparison.ExplainColdPool(Io, Par, jobs: urls.Length));

// > **Discuss.** The pool's thread count decided how `Parallel` did on the downloads. Which method would you pick for 10,000 downloads, and which number above tells you?
//
// ### What happened?
//
// - **Threads and `async`** overlap the waits: their speed-ups above say how well (20× would be all 20 waits at once, for the price of one).
// - **`Parallel` on the thread pool** depends on how many threads the pool has. Every blocking download holds a pool thread, and beyond its minimum the pool adds threads slowly (notebook 2 showed this starvation with `sleep`; source: `PortableThreadPool.GateThread.cs`). The last line above says whether the cold run met a short pool here; a program that starts, downloads once and exits always runs cold.
// - **Processes** overlap only as many downloads as there are workers (the server's count above), and each call also crosses a process boundary.
//
// ## The CPU-bound job: counting primes
//
// The same methods on a CPU-bound job: count the primes below a limit, cut into 32 slices. The threads version deals the slices out to one thread per core.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## The CPU-bound job: counting primes");

// ---- cell 13
await NotebookApp.Cell(13);
const string Cpu = "CPU-bound: primes";
var slices = CpuWork.Split(1_200_000, 32);
int CountSlice((int From, int To) s) => CpuWork.CountPrimes(s.From, s.To);
async Task<int> CountSliceAsync((int From, int To) s)
{
    await Task.CompletedTask;
    return CountSlice(s);
}
async Task<int> CountSliceAfterYieldAsync((int From, int To) s)
{
    await Task.Yield();
    return CountSlice(s);
}
var half = slices.Count / 2;
var lowerHalf = Measure.Best(() => slices.Take(half).Sum(CountSlice), runs: 3);
var upperHalf = Measure.Best(() => slices.Skip(half).Sum(CountSlice), runs: 3);
Console.WriteLine($"the upper 16 slices take {upperHalf / lowerHalf:0.0}× as long as the lower 16");

// The slices are not equal: `CpuWork.IsPrime` tries divisors up to each number's square root, so the numbers of the upper slices cost more to test (the line above measures the two halves here; on a busy machine the noise can hide the difference). PLINQ over an array splits it into one contiguous range per core (source: learn.microsoft.com, *Custom Partitioners for PLINQ and TPL*), so when one half costs more, the core with that half is still counting after the other one finished. `Partitioner.Create(..., loadBalance: true)` hands the slices out a few at a time instead, to whichever core is free.

// ---- cell 15
await NotebookApp.Cell(15);
var cores = Environment.ProcessorCount;
comparison.Add(Cpu, "sequential", () => slices.Sum(CountSlice));
comparison.Add(Cpu, "threads", () => OnThreads(Enumerable.Range(0, cores).Select(t => (Action)(() =>
    { for (var s = t; s < slices.Count; s += cores) CountSlice(slices[s]); }))));
comparison.Add(Cpu, "thread pool (PLINQ)", () => System.Collections.Concurrent.Partitioner
    .Create(slices.ToArray(), loadBalance: true).AsParallel().Sum(CountSlice));
comparison.Add(Cpu, "async (Task.WhenAll)", () => Task.WhenAll(slices.Select(CountSliceAsync)));
comparison.Add(Cpu, "async after Task.Yield",
    () => Task.WhenAll(slices.Select(CountSliceAfterYieldAsync)));
comparison.Add(Cpu, "async + Task.Run",
    () => Task.WhenAll(slices.Select(s => Task.Run(() => CountSlice(s)))));
comparison.Add(Cpu, processes, () => pool.StarMapAsync((int from, int to) =>
    CpuWork.CountPrimes(from, to), slices.Select(s => (s.From, s.To)), chunkSize: 1));
await comparison.RunAsync(Cpu, runs: 5);
NotebookApp.Show(comparison);

// Look at the three `async` rows. An `async` method runs on its caller's thread until its first `await` of a task that has not completed yet (source: dotnet/runtime `AsyncMethodBuilderCore.cs`: `Start` calls the method's `MoveNext` on the calling thread). `CountSliceAsync` awaits only `Task.CompletedTask`, so it never leaves: `Task.WhenAll` receives 32 finished tasks, computed one after another on the cell's thread. `CountSliceAfterYieldAsync` first awaits `Task.Yield()`, which is never complete: the rest of the method is queued, and with no `SynchronizationContext` in this kernel it is queued to the thread pool (source: `YieldAwaitable.cs`), so its slices run in parallel, like `Task.Run`'s. The same happens after any real `await`, such as a download: the code after it runs on a pool thread.
//
// So `async` by itself neither makes CPU work parallel nor keeps it on one thread: it depends on where the first unfinished `await` comes. The cell below counts the threads each version used, noted inside the work itself.

// ---- cell 17
await NotebookApp.Cell(17);
var ran = new ThreadTally();
int CountSliceNoted((int From, int To) s) { ran.Note(); return CountSlice(s); }
async Task<int> NeverAwaits((int From, int To) s)
    { await Task.CompletedTask; return CountSliceNoted(s); }
async Task<int> YieldsFirst((int From, int To) s) { await Task.Yield(); return CountSliceNoted(s); }
var onCaller = await ran.CountAsync(() => Task.WhenAll(slices.Select(NeverAwaits)));
var afterYield = await ran.CountAsync(() => Task.WhenAll(slices.Select(YieldsFirst)));
var withTaskRun = await ran.CountAsync(
    () => Task.WhenAll(slices.Select(s => Task.Run(() => CountSliceNoted(s)))));
Console.WriteLine($"The {slices.Count} slices ran on {onCaller} thread(s) when the async method " +
    $"never awaited an unfinished task, on {afterYield} after await Task.Yield(), " +
    $"on {withTaskRun} with Task.Run.");
Claim.Equal(onCaller, 1,
    "an async method that never awaits an unfinished task runs on its caller's thread");

// > **Discuss.** `YieldsFirst` ran on pool threads without any `Task.Run`. In a desktop app, whose UI thread has a `SynchronizationContext`, where would its slices run, and what would the user see?
//
// Each job gets a chart of its own, on its own scale: the I/O job's speed-ups can reach 20×, and next to them the CPU job's would be too small to read.

// ---- cell 19
await NotebookApp.Cell(19);
pool.Dispose();
server.Dispose();
NotebookApp.Show(comparison.Chart(Io));

// ---- cell 20
await NotebookApp.Cell(20);
Console.WriteLine(comparison.Verdict(Cpu));
NotebookApp.Show(comparison.Chart(Cpu));

// ### Why the processes' cold CPU run was slow (optional)
//
// Look at the processes row's cold CPU run beside its warm one. Its pool had started before, and every worker had already run a download: what was left to pay for? The cell below starts a fresh pool and times the steps one by one, with a new function like the row's: compiling it in the notebook (with Roslyn), its first tiny call in each worker (shipping the code, loading it and compiling it there), and a first full run of the slices against the next one. .NET first compiles a method quickly, without optimizing it, and recompiles the hot ones optimized in the background (source: learn.microsoft.com, *Runtime configuration options for compilation*, "Tiered compilation").
NotebookApp.Heading("### Why the processes' cold CPU run was slow (optional)");

// ---- cell 22
await NotebookApp.Cell(22);
var coldRun = await ProcessColdRun.MeasureAsync(
    (int from, int to) => CpuWork.CountPrimes(from, to), slices, workers: cores);
Console.WriteLine(
    coldRun.Explain(comparison.ColdTime(Cpu, processes), comparison.Time(Cpu, processes)));

// ## The table, generated from your numbers
//
// The cell below writes the guide's table again for .NET, with the speed-ups this machine just measured. Nothing in it is typed by hand: under it, each job names its fastest method, or the methods tied for fastest within the spread of their repeated runs, or says why it names none. Cold speed-ups too divide the sequential run's *warm* time, since the sequential cold run also paid for compiling.
NotebookApp.Heading("## The table, generated from your numbers");

// ---- cell 24
await NotebookApp.Cell(24);
NotebookApp.ShowAs(new ComparisonTable(comparison, Io, Cpu)
    .Row("Threads", "threads", "threads",
        "CPU-bound work (no GIL); blocking I/O when you must block")
    .Row("Thread pool (`Parallel`, PLINQ, `Task.Run`)", Par, "thread pool (PLINQ)",
        "CPU-bound work: the default")
    .Row("`async`/`await`", "async (Task.WhenAll)", "async (Task.WhenAll)",
        "I/O-bound work: the default", cpuAlso: "async + Task.Run")
    .Row("Processes", processes, processes,
        "isolation: crashes, time and memory limits, other programs")
    .ToMarkdown(), "text/markdown");

// > **Discuss.** Where the table says "tied", what would you have to measure to rank those methods, and would the ranking change your choice?
//
// One more figure for the advice below: what starting a worker process costs (notebook 3 put it beside a thread's cost).

// ---- cell 26
await NotebookApp.Cell(26);
void Nothing() { }
var processStart = Measure.Best(
    () => { using (var p = WorkerProcess.Start(Nothing)) p.WaitForExit(); }, runs: 3);
Console.WriteLine($"Starting one worker process took {processStart.TotalMilliseconds:N0} ms here " +
    "(the best of 3).");

// ## The guide's advice, restated for .NET
//
// - **I/O-bound work** (files, network, databases): use `async`/`await`. Waiting costs no thread, so thousands of requests can wait at once (notebook 4). Threads help too, but each waiting request holds one.
// - **CPU-bound work**: use threads, through the thread pool (`Parallel.For`, PLINQ, `Task.Run`). There is no GIL: they run on every core (notebook 1). `async` by itself does not decide where CPU work runs: an `async` method computes on its caller's thread until its first `await` of an unfinished task, and after it wherever the `SynchronizationContext` sends it: with none, as in this kernel or ASP.NET Core, on pool threads (the thread counts above); on a desktop app's UI thread, back on that one thread (source: Toub, *ConfigureAwait FAQ*). To run CPU work in parallel, say so with `Parallel` or `Task.Run`.
// - **Processes**: rarely for speed (their row in the table). Use them for **isolation**: a crash, a hang or a memory leak stays in the worker, and a worker can be killed (notebook 3). Each one costs the start-up time the cell above printed, so start a pool once and keep it.
// - **Mixing**: in ASP.NET Core, request code already runs on thread-pool threads, so `await Task.Run(...)` inside a request only adds a hop to another pool thread (source: learn.microsoft.com, *ASP.NET Core best practices*, "Avoid blocking calls"): await the I/O, compute where you are, and move long jobs out of the request. `await Task.Run(...)` pays off where a thread must stay free, such as a desktop app's UI thread. A tool that must run untrusted or unstable code puts it in a worker process.
//
// ## Try it yourself
//
// > **Exercise 1: `gather`, in C#.** Write `FetchAllAsync(urls)`: start a download (`IoWork.GetAsync`) for every URL, then await them all together and return the bodies in order. The check's server holds every request until all 12 are in flight at once, so a loop that awaits one download at a time never gets there.
NotebookApp.Heading("## The guide's advice, restated for .NET");
NotebookApp.Heading("## Try it yourself");

// ---- cell 28
await NotebookApp.Cell(28);
async Task<string[]> FetchAllAsync(IReadOnlyList<Uri> pages)
{
    // Your code here: await Task.WhenAll(pages.Select(...)).
    await Task.Yield();
    return [];
}

// ---- cell 29 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(29);
try
{
    await ComparisonChecks.FetchAll(FetchAllAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a bounded crawl.** Real servers limit how many requests a client may send at once. Write `CrawlAsync(urls, maxAtOnce)` that downloads every URL with `IoWork.GetAsync`, never more than `maxAtOnce` at a time, and returns the bodies **in the order of the URLs**. `Parallel.ForEachAsync` over the indexes with `MaxDegreeOfParallelism` does it; let each download write its body into its own slot, `bodies[i]`, so that no two downloads ever write the same variable (a shared `count++` or `list.Add(...)` from downloads that finish at the same time would be a race, notebook 6). The check's server holds requests until `maxAtOnce` are in flight together, and fails the crawl if it ever sees more.

// ---- cell 31
await NotebookApp.Cell(31);
async Task<string[]> CrawlAsync(IReadOnlyList<Uri> pages, int maxAtOnce)
{
    var bodies = new string[pages.Count];
    // Your code here: await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count),
    //     new ParallelOptions { ... }, async (i, ct) => bodies[i] = ...);
    await Task.Yield();
    return bodies;
}

// ---- cell 32 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(32);
try
{
    await ComparisonChecks.BoundedCrawl(CrawlAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/05-comparison.csx`](solutions/05-comparison.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 34
await NotebookApp.Cell(34);
// Model answers for notebook 5's exercises; the notebook's setup has already run.

async Task<string[]> FetchAllAsyncSolution(IReadOnlyList<Uri> pages) =>
    await Task.WhenAll(pages.Select(url => IoWork.GetAsync(url)));
await ComparisonChecks.FetchAll(FetchAllAsyncSolution);

async Task<string[]> CrawlAsyncSolution(IReadOnlyList<Uri> pages, int maxAtOnce)
{
    var bodies = new string[pages.Count];
    var options = new ParallelOptions
        { MaxDegreeOfParallelism = maxAtOnce, CancellationToken = Notebook.StopToken };
    await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), options,
        async (i, ct) => bodies[i] = await IoWork.GetAsync(pages[i], ct));
    return bodies;
}
await ComparisonChecks.BoundedCrawl(CrawlAsyncSolution);

// ## Sources
//
// - [dotnet/runtime: AsyncMethodBuilderCore.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Runtime/CompilerServices/AsyncMethodBuilderCore.cs): `Start` runs an async method's `MoveNext` on the calling thread, up to its first unfinished await.
// - [dotnet/runtime: YieldAwaitable.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Runtime/CompilerServices/YieldAwaitable.cs): `Task.Yield` is never complete; with no `SynchronizationContext` and the default scheduler, the rest of the method is queued to the thread pool.
// - [Stephen Toub: ConfigureAwait FAQ](https://devblogs.microsoft.com/dotnet/configureawait-faq/): the code after an `await` goes where the current `SynchronizationContext` sends it (a UI thread's brings it back to that thread); with none, to the thread pool.
// - [dotnet/runtime: PortableThreadPool.GateThread.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/PortableThreadPool.GateThread.cs): the starvation check that adds pool threads slowly while blocked work holds them.
// - [learn.microsoft.com: Custom Partitioners for PLINQ and TPL](https://learn.microsoft.com/dotnet/standard/parallel-programming/custom-partitioners-for-plinq-and-tpl): PLINQ range-partitions an array without load balancing; `Partitioner.Create(array, true)` hands out small chunks on request.
// - [learn.microsoft.com: Runtime configuration options for compilation](https://learn.microsoft.com/dotnet/core/runtime-config/compilation): tiered compilation, quick first code and optimized code later in the background.
// - [learn.microsoft.com: ASP.NET Core best practices](https://learn.microsoft.com/aspnet/core/fundamentals/best-practices): request code already runs on thread-pool threads; calling `Task.Run` and immediately awaiting it only adds scheduling.
//
// ---
// ⏪ Last: [4 · Async](04-async.ipynb) · 🏠 [Back to the start](01-introduction.ipynb)
NotebookApp.Heading("## Sources");

return NotebookApp.Finish();
