#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
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

// `comparison.Add` names a way of doing the job; `comparison.RunAsync` times them all. First **one cold run** of each, in the order added: the thread pool as this kernel has it now, nothing grown for this job yet (the legend under the table gives its thread count). Then a few **warm** rounds, every method once per round (so a slow moment of the machine hits them all alike), keeping each one's best. Blocking code runs on a thread of its own, as a cell's does; async code is awaited, never blocked on. Before the warm rounds it waits for the JIT: after a cell starts, the runtime recompiles the kernel's hot code on a background thread, which can keep one of your cores busy for seconds.
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
    if (peak.MaxConcurrentRequests > pool.WorkerCount)
        throw new Exception("Expected at most one request per worker.");
}
NotebookApp.Show(comparison);

// ---- cell 11
await NotebookApp.Cell(11);
string X(double speedUp) => $"{speedUp:0.0}×";
foreach (var method in new[] { "threads", "thread pool (Parallel)", "async (Task.WhenAll)" })
    Console.WriteLine($"{method}: {X(comparison.ColdSpeedUp(Io, method))} cold, " +
        $"{X(comparison.SpeedUp(Io, method))} warm");
const string Par = "thread pool (Parallel)";
ThreadPool.GetMinThreads(out var minThreads, out _);
var poolWasShort = comparison.ColdSpeedUp(Io, Par) < 0.8 * comparison.SpeedUp(Io, Par);
var warmHadEnough = comparison.SpeedUp(Io, Par) > 0.8 * urls.Length;
Console.WriteLine($"The pool had {comparison.ColdPoolThreads(Io, Par)} threads at Parallel's " +
    $"cold run (minimum {minThreads}) and has {ThreadPool.ThreadCount} now: " + (poolWasShort
        ? "its cold run waited for the pool to grow."
        : warmHadEnough ? "cold and warm are alike here, as the pool already had threads enough."
        : "cold and warm are alike here: in both, downloads queued for the pool's few threads."));

// ### What happened?
//
// - **Threads and `async`** overlap the waits: their speed-ups above say how well (20× would be all 20 waits at once, for the price of one).
// - **`Parallel` on the thread pool** depends on how many threads the pool has. Every blocking download holds a pool thread, and beyond its minimum the pool adds threads slowly (notebook 2 showed this starvation with `sleep`). The last line above says whether the cold run met a short pool here; a program that starts, downloads once and exits always runs cold.
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
var half = slices.Count / 2;
var lowerHalf = Measure.Best(() => slices.Take(half).Sum(CountSlice), runs: 3);
var upperHalf = Measure.Best(() => slices.Skip(half).Sum(CountSlice), runs: 3);
Console.WriteLine($"the upper 16 slices take {upperHalf / lowerHalf:0.0}× as long as the lower 16");

// The slices are not equal: bigger numbers take longer to test. PLINQ over an array splits it into one contiguous range per core, so the core with the upper half would still be counting after the other one finished. `Partitioner.Create(..., loadBalance: true)` hands the slices out a few at a time instead, to whichever core is free.

// ---- cell 15
await NotebookApp.Cell(15);
var cores = Environment.ProcessorCount;
comparison.Add(Cpu, "sequential", () => slices.Sum(CountSlice));
comparison.Add(Cpu, "threads", () => OnThreads(Enumerable.Range(0, cores).Select(t => (Action)(() =>
    { for (var s = t; s < slices.Count; s += cores) CountSlice(slices[s]); }))));
comparison.Add(Cpu, "thread pool (PLINQ)", () => System.Collections.Concurrent.Partitioner
    .Create(slices.ToArray(), loadBalance: true).AsParallel().Sum(CountSlice));
comparison.Add(Cpu, "async (Task.WhenAll)", () => Task.WhenAll(slices.Select(CountSliceAsync)));
comparison.Add(Cpu, "async + Task.Run",
    () => Task.WhenAll(slices.Select(s => Task.Run(() => CountSlice(s)))));
comparison.Add(Cpu, processes, () => pool.StarMapAsync((int from, int to) =>
    CpuWork.CountPrimes(from, to), slices.Select(s => (s.From, s.To)), chunkSize: 1));
await comparison.RunAsync(Cpu, runs: 5);
NotebookApp.Show(comparison);

// Look at the two `async` rows. `async` on its own does **not** make CPU work parallel: an `async` method runs on the caller's thread until its first real `await`, and `CountSliceAsync` never really awaits. Only `Task.Run` moves CPU work to the thread pool. The cell below runs both once more and counts the threads each one used.

// ---- cell 17
await NotebookApp.Cell(17);
var threadsUsed = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
Task<int> Tracked((int From, int To) s)
{ threadsUsed[Environment.CurrentManagedThreadId] = true; return CountSliceAsync(s); }
await Task.WhenAll(slices.Select(Tracked));
var alone = threadsUsed.Count;
threadsUsed.Clear();
await Task.WhenAll(slices.Select(s => Task.Run(() => Tracked(s))));
Console.WriteLine($"async alone ran the {slices.Count} slices on {alone} thread(s) " +
    $"({X(comparison.SpeedUp(Cpu, "async (Task.WhenAll)"))} warm); with Task.Run, on " +
    $"{threadsUsed.Count} ({X(comparison.SpeedUp(Cpu, "async + Task.Run"))} warm).");
Console.WriteLine(comparison.SpeedUp(Cpu, "async + Task.Run") >= Comparison.DefaultMinSpeedUp
    ? $"Task.Run's speed-up is those threads computing on {cores} cores at once."
    : "Task.Run gained little: one core, or other programs kept the cores busy; the thread " +
      "counts still hold.");
if (alone != 1) throw new Exception("Expected async alone to stay on the caller's thread.");

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

// ## The table, generated from your numbers
//
// The cell below writes the guide's table again for .NET, with the speed-ups this machine just measured. Nothing in it is typed by hand: under it, each job names its fastest method, or says why it names none. Cold speed-ups too divide the sequential run's *warm* time, since the sequential cold run also paid for compiling.
NotebookApp.Heading("## The table, generated from your numbers");

// ---- cell 22
await NotebookApp.Cell(22);
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

// One more figure for the advice below: what starting a worker process costs (notebook 3 put it beside a thread's cost).

// ---- cell 24
await NotebookApp.Cell(24);
void Nothing() { }
var processStart = Measure.Best(
    () => { using (var p = WorkerProcess.Start(Nothing)) p.WaitForExit(); }, runs: 3);
Console.WriteLine($"Starting one worker process took {processStart.TotalMilliseconds:N0} ms here " +
    "(the best of 3).");

// ## The guide's advice, restated for .NET
//
// - **I/O-bound work** (files, network, databases): use `async`/`await`. Waiting costs no thread, so thousands of requests can wait at once (notebook 4). Threads help too, but each waiting request holds one.
// - **CPU-bound work**: use threads, through the thread pool (`Parallel.For`, PLINQ, `Task.Run`). There is no GIL: they run on every core (notebook 1). `async` alone adds nothing here: it ran every slice on the caller's thread, as the thread count above showed.
// - **Processes**: not for speed. Use them for **isolation**: a crash, a hang or a memory leak stays in the worker, and a worker can be killed (notebook 3). Each one costs the start-up time the cell above printed, so start a pool once and keep it.
// - **Mixing**: a server awaits its I/O and hands heavy computation to the thread pool; a tool that must run untrusted or unstable code puts it in a worker process.
//
// ## Try it yourself
//
// > **Exercise 1: `gather`, in C#.** Write `FetchAllAsync(urls)`: start a download (`IoWork.GetAsync`) for every URL, then await them all together and return the bodies in order. The check's server holds every request until all 12 are in flight at once, so a loop that awaits one download at a time never gets there.
NotebookApp.Heading("## The guide's advice, restated for .NET");
NotebookApp.Heading("## Try it yourself");

// ---- cell 26
await NotebookApp.Cell(26);
async Task<string[]> FetchAllAsync(IReadOnlyList<Uri> pages)
{
    // Your code here: await Task.WhenAll(pages.Select(...)).
    await Task.Yield();
    return [];
}

// ---- cell 27 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(27);
try
{
    await ComparisonChecks.FetchAll(FetchAllAsync);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a bounded crawl.** Real servers limit how many requests a client may send at once. Write `CrawlAsync(urls, maxAtOnce)` that downloads every URL with `IoWork.GetAsync` but never more than `maxAtOnce` at a time (`Parallel.ForEachAsync` with `MaxDegreeOfParallelism` does it), and returns how many pages it fetched. The check's server holds requests until `maxAtOnce` are in flight together, and fails the crawl if it ever sees more.

// ---- cell 29
await NotebookApp.Cell(29);
async Task<int> CrawlAsync(IReadOnlyList<Uri> pages, int maxAtOnce)
{
    var fetched = 0;
    // Your code here: await Parallel.ForEachAsync(pages, new ParallelOptions { ... },
    //     async (url, ct) => { ... });
    await Task.Yield();
    return fetched;
}

// ---- cell 30 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(30);
try
{
    await ComparisonChecks.BoundedCrawl(CrawlAsync);
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
async Task<string[]> FetchAllAsyncSolution(IReadOnlyList<Uri> pages) =>
    await Task.WhenAll(pages.Select(url => IoWork.GetAsync(url)));
await ComparisonChecks.FetchAll(FetchAllAsyncSolution);

// ---- cell 33
await NotebookApp.Cell(33);
async Task<int> CrawlAsyncSolution(IReadOnlyList<Uri> pages, int maxAtOnce)
{
    var fetched = 0;
    var options = new ParallelOptions
        { MaxDegreeOfParallelism = maxAtOnce, CancellationToken = Notebook.StopToken };
    await Parallel.ForEachAsync(pages, options, async (url, ct) =>
    {
        await IoWork.GetAsync(url, ct);
        Interlocked.Increment(ref fetched);
    });
    return fetched;
}
await ComparisonChecks.BoundedCrawl(CrawlAsyncSolution);

// ---
// ⏪ Last: [4 · Async](04-async.ipynb) · 🏠 [Back to the start](01-introduction.ipynb)

return NotebookApp.Finish();
