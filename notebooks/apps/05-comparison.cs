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
using ConcurrencyNotebooks.Demos;
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
// That table is right for Python. This notebook rebuilds it **from measurements** for .NET: the same I/O-bound job and the same CPU-bound job, each run sequentially, with threads, with the thread pool, with `async`, and with worker processes. Then the table is generated from the numbers.
NotebookApp.Heading("# 5 · Comparison: the guide's table, measured on your machine");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("05-comparison", "..", [
    "using System.Diagnostics;",
    "using ConcurrencyNotebooks;",
    "using ConcurrencyNotebooks.Charts;",
    "using ConcurrencyNotebooks.Demos;",
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
var urls = Enumerable.Range(1, 20).Select(i => server.Url($"page/{i}").ToString()).ToArray();
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

// `comparison.Measure` runs every method once to warm up, then times them in interleaved rounds (every method once per round, so a slow moment of the machine hits them all alike). It shows progress under the cell while it works and records each method's best time. Before the timed rounds it waits for the JIT: after a cell starts, the runtime recompiles the kernel's hot code on a background thread, which can keep one of your cores busy for seconds.

// ---- cell 8
await NotebookApp.Cell(8);
const string Io = "I/O-bound: 20 downloads";
comparison.Measure(Io, runs: 1,
    ("sequential", () => { foreach (var url in urls) IoWork.Get(url); }),
    ("threads", () => OnThreads(urls.Select(url => (Action)(() => IoWork.Get(url))))),
    ("thread pool (Parallel)", () => Parallel.ForEach(urls,
        new ParallelOptions { MaxDegreeOfParallelism = urls.Length }, url => IoWork.Get(url))),
    ("async (Task.WhenAll)", () => Task.WhenAll(urls.Select(url => IoWork.GetAsync(url))).Wait()));
NotebookApp.Show(comparison);

// And with worker processes: a pool of one worker per core, each downloading with the same blocking `IoWork.Get`. The pool is started and warmed up before timing (like a warm `multiprocessing.Pool`).

// ---- cell 10
await NotebookApp.Cell(10);
var pool = new ProcessPool(Environment.ProcessorCount);
pool.Map(IoWork.Get, urls.Take(pool.WorkerCount).ToArray(), chunkSize: 1);   // warm up every worker
var processes = $"processes ({pool.WorkerCount} workers)";
comparison.Measure(Io, runs: 1, (processes, () => pool.Map(IoWork.Get, urls, chunkSize: 1)));
Console.WriteLine(
    $"the server saw at most {server.MaxConcurrentRequests} requests waiting at once");
NotebookApp.Show(comparison);

// ### What happened?
//
// - **Threads and `async`** overlap all the waits: about one delay in all, instead of one delay per page.
// - **`Parallel` on the thread pool** is fast only once the pool has enough threads. Every blocking download holds a pool thread, and `HttpClient` itself needs pool threads to finish its I/O. The pool starts with about one thread per core and grows slowly, so its *warm-up* run queued up (the progress line's time above includes it) while the timed run found a grown pool. While the pool grows, everything else on it waits too: notebook 2 showed this starvation with `sleep`.
// - **Processes** overlap only as many downloads as there are workers, and each call also crosses a process boundary.
//
// ## The CPU-bound job: counting primes
//
// The same methods on a CPU-bound job: count the primes below a limit, cut into 32 slices. The threads version deals the slices out to one thread per core.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## The CPU-bound job: counting primes");

// ---- cell 12
await NotebookApp.Cell(12);
const string Cpu = "CPU-bound: primes";
var slices = CpuWork.Split(1_200_000, 32);
int CountSlice((int From, int To) s) => CpuWork.CountPrimes(s.From, s.To);
async Task<int> CountSliceAsync((int From, int To) s)
{
    await Task.CompletedTask;
    return CountSlice(s);
}
var cores = Environment.ProcessorCount;
comparison.Measure(Cpu, runs: 2,
    ("sequential", () => slices.Sum(CountSlice)),
    ("threads", () => OnThreads(Enumerable.Range(0, cores).Select(t => (Action)(() =>
        { for (var s = t; s < slices.Count; s += cores) CountSlice(slices[s]); })))),
    ("thread pool (Parallel)", () => slices.AsParallel().Sum(CountSlice)),
    ("async (Task.WhenAll)", () => Task.WhenAll(slices.Select(CountSliceAsync)).Wait()),
    ("async + Task.Run",
        () => Task.WhenAll(slices.Select(s => Task.Run(() => CountSlice(s)))).Wait()),
    (processes, () => pool.StarMap((int from, int to) => CpuWork.CountPrimes(from, to),
        slices.Select(s => (s.From, s.To)), chunkSize: 1)));
NotebookApp.Show(comparison);

// Look at the two `async` rows. `async` on its own does **not** make CPU work parallel: an `async` method runs on the caller's thread until its first real `await`, and `CountSliceAsync` never really awaits. Only `Task.Run` moves CPU work to the thread pool.

// ---- cell 14
await NotebookApp.Cell(14);
pool.Dispose();
server.Dispose();
NotebookApp.Show(comparison.Chart());

// ## The table, generated from your numbers
//
// The cell below writes the guide's table again for .NET, with the speed-ups this machine just measured. Nothing in it is typed by hand.
NotebookApp.Heading("## The table, generated from your numbers");

// ---- cell 16
await NotebookApp.Cell(16);
string Best(string job) =>
    $"{comparison.Fastest(job)} ({comparison.SpeedUp(job, comparison.Fastest(job)):0.0}×)";
string For(string job, string method) => $"{comparison.SpeedUp(job, method):0.0}×";
string Row(string name, string method, string bestFor, string? cpu = null) =>
    $"| {name} | {For(Io, method)} | {cpu ?? For(Cpu, method)} | {bestFor} |";
var asyncCpu = $"{For(Cpu, "async (Task.WhenAll)")} " +
    $"(with `Task.Run`: {For(Cpu, "async + Task.Run")})";
var rows = new[]
{
    Row("Threads", "threads", "CPU-bound work (no GIL); blocking I/O when you must block"),
    Row("Thread pool (`Parallel`, `Task.Run`)", "thread pool (Parallel)",
        "CPU-bound work: the default"),
    Row("`async`/`await`", "async (Task.WhenAll)", "I/O-bound work: the default", asyncCpu),
    Row("Processes", processes, "isolation: crashes, time and memory limits, other programs"),
};
NotebookApp.ShowAs($"""
| Method | I/O-bound speed-up | CPU-bound speed-up | Best for, in .NET |
|---|---|---|---|
{string.Join("\n", rows)}

Fastest here: I/O-bound: {Best(Io)}; CPU-bound: {Best(Cpu)}.
""", "text/markdown");

// ## The guide's advice, restated for .NET
//
// - **I/O-bound work** (files, network, databases): use `async`/`await`. Waiting costs no thread, so thousands of requests can wait at once (notebook 4). Threads help too, but each waiting request holds one.
// - **CPU-bound work**: use threads, through the thread pool (`Parallel.For`, PLINQ, `Task.Run`). There is no GIL: they run on every core (notebook 1). `async` alone adds nothing here, as the table shows.
// - **Processes**: not for speed. Use them for **isolation**: a crash, a hang or a memory leak stays in the worker, and a worker can be killed (notebook 3). They cost milliseconds to start, so keep a pool.
// - **Mixing**: a server awaits its I/O and hands heavy computation to the thread pool; a tool that must run untrusted or unstable code puts it in a worker process.
//
// ## Try it yourself
//
// > **Exercise 1: which is fastest?** From `comparison`, find the fastest method for the I/O-bound job **without** calling `Fastest` (use `comparison.Rows`, `Where` and `MinBy`).
NotebookApp.Heading("## The guide's advice, restated for .NET");
NotebookApp.Heading("## Try it yourself");

// ---- cell 18
await NotebookApp.Cell(18);
string FastestForIo()
{
    // Your code here: comparison.Rows.Where(r => r.Job == Io).MinBy(...)...
    return "";
}

// ---- cell 19 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(19);
void CheckExercise1(Func<string> answer)
{
    var expected = comparison.Fastest(Io);
    if (answer() != expected)
        throw new Exception($"Not yet: you answered '{answer()}', " +
            $"but the fastest I/O method measured here is '{expected}'.");
    Console.WriteLine($"✔ {expected} was the fastest for I/O on this machine.");
}
try
{
    CheckExercise1(FastestForIo);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: a bounded crawl.** Real servers limit how many requests a client may send at once. Write `CrawlAsync(urls, maxAtOnce)` that downloads every URL with `IoWork.GetAsync` but never more than `maxAtOnce` at a time (`Parallel.ForEachAsync` with `MaxDegreeOfParallelism` does it), and returns how many pages it fetched.

// ---- cell 21
await NotebookApp.Cell(21);
async Task<int> CrawlAsync(IReadOnlyList<string> pages, int maxAtOnce)
{
    var fetched = 0;
    // Your code here: await Parallel.ForEachAsync(pages, new ParallelOptions { ... },
    //     async (url, ct) => { ... });
    await Task.Yield();
    return fetched;
}

// ---- cell 22 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(22);
async Task CheckExercise2(Func<IReadOnlyList<string>, int, Task<int>> crawl)
{
    using (var limited = SlowHttpServer.Start(Demo.Seconds(0.2)))
    {
        var pages = Enumerable.Range(1, 12).Select(i => limited.Url($"p/{i}").ToString()).ToList();
        var fetched = await crawl(pages, 3);
        if (fetched != 12 || limited.RequestsServed != 12 || limited.MaxConcurrentRequests > 3)
            throw new Exception($"Not yet: fetched {fetched} of 12, " +
                $"the server answered {limited.RequestsServed} and saw up to " +
                $"{limited.MaxConcurrentRequests} at once (the limit is 3).");
        Console.WriteLine($"✔ 12 pages, never more than {limited.MaxConcurrentRequests} at once.");
    }
}
try
{
    await CheckExercise2(CrawlAsync);
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

// ---- cell 24
await NotebookApp.Cell(24);
string FastestForIoSolution() => comparison.Rows.Where(r => r.Job == Io).MinBy(r => r.Time).Method;
CheckExercise1(FastestForIoSolution);

// ---- cell 25
await NotebookApp.Cell(25);
async Task<int> CrawlAsyncSolution(IReadOnlyList<string> pages, int maxAtOnce)
{
    var fetched = 0;
    var options = new ParallelOptions
    {
        MaxDegreeOfParallelism = maxAtOnce,
        CancellationToken = Notebook.StopToken
    };
    await Parallel.ForEachAsync(pages, options, async (url, ct) =>
    {
        await IoWork.GetAsync(url, ct);
        Interlocked.Increment(ref fetched);
    });
    return fetched;
}
await CheckExercise2(CrawlAsyncSolution);

// ---
// ⏪ Last: [4 · Async](04-async.ipynb) · 🏠 [Back to the start](01-introduction.ipynb)

return NotebookApp.Finish();
