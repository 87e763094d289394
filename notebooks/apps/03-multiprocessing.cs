#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
#:property PublishAot=false
// Generated from notebooks/03-multiprocessing.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/03-multiprocessing.cs
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

// # 3 · Multiprocessing: worker processes, and why .NET still wants them
//
// The guide's third section runs `square` in a `multiprocessing.Pool` and starts a `Process`. In Python that is how you get parallel CPU work past the GIL. .NET has no GIL (notebook 1 measured it), so **processes in .NET are for something else**: isolation. A process has its own memory, can crash without taking you down, can be killed when it hangs, and can run any program. In this notebook you will
//
// - run the guide's `Pool(4).map(square, [1, 2, 3, 4])` and `Process(target=task)` as C# twins, with functions you define right here in a cell;
// - see the work on a timeline with one lane per worker process;
// - run the guide's own Python beside each twin, and see why Python needs `if __name__ == "__main__":` where C# does not;
// - crash a worker, hang a worker, and throw from a worker, and watch the notebook carry on;
// - measure what a process costs next to a thread.
NotebookApp.Heading("# 3 · Multiprocessing: worker processes, and why .NET still wants them");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("03-multiprocessing", "..", [
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

// ## `Pool(4).map(square, …)`
//
// The guide:
//
// ```python
// import multiprocessing
//
// def square(n):
//     return n * n
//
// with multiprocessing.Pool(processes=4) as pool:
//     results = pool.map(square, [1, 2, 3, 4])
//     print(results)
// ```
//
// The C# twin uses the helpers' `ProcessPool`. First the function, in a cell of its own, just like in Python:
NotebookApp.Heading("## `Pool(4).map(square, …)`");

// ---- cell 4
await NotebookApp.Cell(4);
int Square(int n) => n * n;

// Now the pool. `new ProcessPool(4)` starts four **real worker processes**; `Map` sends each item to a worker and returns the results in order. A function written in a notebook cell lives only inside the kernel, so the pool compiles its source once and ships it to the workers.

// ---- cell 6
await NotebookApp.Cell(6);
using (var pool = new ProcessPool(4))
{
    var results = pool.Map(Square, new[] { 1, 2, 3, 4 });
    Console.WriteLine($"[{string.Join(", ", results)}]");
    Console.WriteLine($"workers: pids {string.Join(", ", pool.ProcessIds)}; " +
        $"this notebook: pid {Environment.ProcessId}");
    if (pool.ProcessIds.Distinct().Count() != 4 || pool.ProcessIds.Contains(Environment.ProcessId))
        throw new Exception("Expected four worker processes, none of them the notebook.");
}

// The guide's own code, run live by `python3` (when it is installed), for its output beside the twin's:

// ---- cell 8
await NotebookApp.Cell(8);
PythonSeed.Run("pool_map");

// ### Why the Python needs `if __name__ == "__main__":` (and the C# does not)
//
// The guide's snippet has no `if __name__ == "__main__":` guard, and it ran anyway. That depends on how Python starts its workers, which the next cell asks your `python3`:
//
// - **fork** (the default on Linux up to Python 3.13): a worker is a copy of the running program, functions included.
// - **spawn** (the default on Windows and macOS) and **forkserver** (the default on Linux from Python 3.14): a worker is a fresh interpreter. Functions travel pickled *by name*, so the worker imports your script to find `square`. Without the guard that import runs the `Pool(...)` lines again in every worker, and Python stops with a `RuntimeError` about the bootstrapping phase. And a function defined in a notebook cell or at the interactive prompt cannot be found by name in a fresh interpreter at all (`AttributeError: Can't get attribute 'square'`).
//
// The C# pool has neither problem: `Square` above was defined in a notebook cell, and the pool compiled its source and shipped the code itself to the workers.
NotebookApp.Heading("### Why the Python needs `if __name__ == \"__main__\":` (and the C# does not)");

// ---- cell 10
await NotebookApp.Cell(10);
if (PythonTwin.IsAvailable)
{
    var words = PythonTwin.Run("python/start_method.py").Trim().Split(' ');
    var (version, method) = (words[0], words[1]);
    Console.WriteLine($"python3 {version} starts workers with '{method}' here" + (method == "fork"
        ? ": copies of the running program, so the guide's code runs without the guard."
        : ": fresh interpreters, so the guide's code needs the guard."));
}
else
{
    Console.WriteLine("python3 is not installed here, so its start method is not shown.");
}

// A lambda works too, and so does a method from a compiled library such as the helpers' `CpuWork.CountPrimes`:

// ---- cell 12
await NotebookApp.Cell(12);
using (var pool = new ProcessPool(2))
{
    Console.WriteLine(string.Join(", ", pool.Map(n => n * n + 1, new[] { 1, 2, 3 })));
    Console.WriteLine(string.Join(", ",
        pool.Map(n => CpuWork.CountPrimes(0, n), new[] { 10, 100, 1000 })));
}

// ### What cannot travel
//
// A worker is a separate program: it cannot see the notebook's variables. A lambda that **captures** a variable gets a clear error that names it, instead of a wrong answer. Pass the value as an argument instead (`StarMap` takes tuples).
NotebookApp.Heading("### What cannot travel");

// ---- cell 14
await NotebookApp.Cell(14);
var offset = 10;
using (var pool = new ProcessPool(1))
{
    try { pool.Map(n => n + offset, new[] { 1, 2 }); }
    catch (FunctionNotShippableException e) { Console.WriteLine($"✘ {e.Message}"); }
    Console.WriteLine("✔ " + string.Join(", ",
        pool.StarMap((int n, int plus) => n + plus, new[] { (1, offset), (2, offset) })));
}

// ## `Process(target=task)`
//
// The guide:
//
// ```python
// def task():
//     print("Executing in separate process")
//
// p = multiprocessing.Process(target=task)
// p.start()
// p.join()
// ```
//
// `WorkerProcess.Start` runs a function in a fresh process; its output comes back with it.
NotebookApp.Heading("## `Process(target=task)`");

// ---- cell 16
await NotebookApp.Cell(16);
void SayHello() => Console.WriteLine($"Executing in separate process {Environment.ProcessId}");

// ---- cell 17
await NotebookApp.Cell(17);
using (var p = WorkerProcess.Start(SayHello))
{
    await p.WaitForExitAsync();   // p.join()
    Console.Write(p.Output);
    Console.WriteLine($"exit code {p.ExitCode}; the notebook is process {Environment.ProcessId}");
}

// The guide's own code, run live:

// ---- cell 19
await NotebookApp.Cell(19);
PythonSeed.Run("process_start");

// Any program is a process too: `System.Diagnostics.Process` starts it and reads what it prints (notebook 1 started `dotnet --version`). That is the everyday use of processes in .NET: running *other programs*.
//
// ## One lane per worker process
//
// Give the pool a `Timeline`, and each task becomes a bar in its worker's lane, on the notebook's clock (on Linux and macOS every process reads the same monotonic clock). The `main` lane is the notebook waiting for the map. The cell first waits until all four workers are up. Starting a worker keeps a core busy (its cost is measured near the end of this notebook), so the pool starts no more at once than there are cores, and items go to the first workers ready; after the wait, each worker takes one of the first items.
NotebookApp.Heading("## One lane per worker process");

// ---- cell 21
await NotebookApp.Cell(21);
var tl = new Timeline("Pool(4).map: counting primes in worker processes");
using (var pool = new ProcessPool(4, new ProcessPoolOptions { Timeline = tl }))
{
    pool.WaitForWorkers();
    var limits = new[] { 100_000, 200_000, 300_000, 400_000, 100_000, 200_000, 300_000, 400_000 };
    var counts = tl.Record("main: pool.Map",
        () => pool.Map(n => CpuWork.CountPrimes(0, n), limits, chunkSize: 1));
    Console.WriteLine(string.Join(", ", counts));
    var lanes = tl.Spans.Where(s => s.Kind == SpanKind.Process).Select(s => s.Lane).Distinct();
    if (lanes.Count() != 4) throw new Exception($"Expected 4 worker lanes, got {lanes.Count()}.");
}
NotebookApp.Show(tl);

// ## Isolation: what processes are for in .NET
//
// ### A crash stays in its process
//
// `Environment.FailFast` kills a process on the spot, the way a native crash or a stack overflow would. Done in the notebook, it would kill the kernel. Done in a worker, the pool reports which worker died, on which item, and replaces it.
NotebookApp.Heading("## Isolation: what processes are for in .NET");
NotebookApp.Heading("### A crash stays in its process");

// ---- cell 23
await NotebookApp.Cell(23);
int CrashOnThree(int n)
{
    if (n == 3) Environment.FailFast("simulated crash on item 3");
    return n * 10;
}
using (var pool = new ProcessPool(2))
{
    try { pool.Map(CrashOnThree, new[] { 1, 2, 3, 4 }, chunkSize: 1); }
    catch (WorkerCrashedException e) { Console.WriteLine($"✘ {e.Message}"); }
    Console.WriteLine(
        $"✔ the pool still works: {string.Join(", ", pool.Map(Square, new[] { 5, 6 }))}");
}

// ### A hang can be stopped
//
// A thread that never checks for cancellation cannot be stopped: `while (true) { }` in a cell blocks every later cell until you restart the kernel. In a worker process it can simply be killed. `TaskTimeout` does that for you.
NotebookApp.Heading("### A hang can be stopped");

// ---- cell 25
await NotebookApp.Cell(25);
int Forever(int n) { while (true) { } }
var patient = new ProcessPoolOptions { TaskTimeout = TimeSpan.FromSeconds(1) };
using (var pool = new ProcessPool(1, patient))
{
    try { pool.Map(Forever, new[] { 1 }); }
    catch (TimeoutException e) { Console.WriteLine($"✘ {e.Message}"); }
    Console.WriteLine($"✔ replaced worker answers: {pool.Map(Square, new[] { 7 })[0]}");
}

// ### An exception comes back with its story
//
// An exception thrown in a worker comes back as a `RemoteTaskException`: its message names the call, the remote exception's type and message, and the worker; `RemoteStackTrace` holds the remote stack trace, whose first frame is where it was thrown.
NotebookApp.Heading("### An exception comes back with its story");

// ---- cell 27
await NotebookApp.Cell(27);
double SquareRoot(double x) => x >= 0
    ? Math.Sqrt(x)
    : throw new ArgumentOutOfRangeException(nameof(x), x, "no real square root");
using (var pool = new ProcessPool(1))
{
    try { pool.Map(SquareRoot, new[] { 4.0, -1.0 }); }
    catch (RemoteTaskException e)
    {
        Console.WriteLine($"✘ {e.Message}");
        var frames = e.RemoteStackTrace.Split('\n').Select(line => line.Trim());
        Console.WriteLine($"  thrown {frames.First(line => line.StartsWith("at "))}");
    }
}

// ## What does a process cost?
//
// Isolation is not free. Here are the costs measured on your machine: starting and joining a thread, running an empty task on the thread pool, starting a fresh worker process, and one call to a warm pool (a round trip to another process).
NotebookApp.Heading("## What does a process cost?");

// ---- cell 29
await NotebookApp.Cell(29);
void Nothing() { }
var threadCost = Measure.Best(
    () => { var t = new Thread(() => { }); t.Start(); t.Join(); }, runs: 20);
var taskCost = Measure.Best(() => Task.Run(() => { }).Wait(), runs: 20);
var processCost = Measure.Best(
    () => { using (var p = WorkerProcess.Start(Nothing)) p.WaitForExit(); }, runs: 3);

// Then one call to a warm pool: the worker is running already, so the call only crosses to it and back. The list below is sorted, cheapest first.

// ---- cell 31
await NotebookApp.Cell(31);
TimeSpan callCost;
using (var warm = new ProcessPool(1))
{
    callCost = Measure.Best(() => warm.Map(Square, new[] { 1 }), runs: 20);
}
var costs = new Dictionary<string, TimeSpan>
{
    ["Task.Run"] = taskCost, ["new Thread"] = threadCost,
    ["warm pool call"] = callCost, ["new process"] = processCost
}.OrderBy(cost => cost.Value).ToDictionary();
foreach (var (what, cost) in costs)
    Console.WriteLine($"{what,-15} {cost.TotalMicroseconds,12:N0} µs");

// ---- cell 32
await NotebookApp.Cell(32);
NotebookApp.Show(QuickChart.Columns("Cost of one unit of concurrency (log scale)",
    costs.Keys.ToList(), costs.Values.Select(c => c.TotalMicroseconds).ToList(),
    "microseconds", "N0", logScale: true));

// ---- cell 33
await NotebookApp.Cell(33);
Console.WriteLine($"A new process costs about {processCost / threadCost:N0}× a new thread, " +
    $"and {processCost / taskCost:N0}× a thread-pool task.");
Console.WriteLine($"Reusing a warm pool brings one call down to " +
    $"{callCost.TotalMicroseconds:N0} µs: start the pool once and keep it.");
var cheaper = callCost < threadCost;
Console.WriteLine($"Here a warm call costs {(cheaper ? "less" : "more")} than a new thread: " +
    (cheaper
        ? "it reuses a running process and its open pipes; a thread needs kernel calls and a stack."
        : "it copies its arguments through a pipe to another process, and its answer back."));
if (callCost >= processCost) throw new Exception("A warm call cost as much as a new process?");

// ### What does a thread cost in memory?
//
// A thread's stack is **reserved address space**: the operating system hands out its pages only when the thread touches them. The cell starts 20 threads that just wait, and compares the process's memory map (the `maps` file in `/proc/self`) and its resident memory (`VmRSS`) before and after.
NotebookApp.Heading("### What does a thread cost in memory?");

// ---- cell 35
await NotebookApp.Cell(35);
if (ThreadMemory.IsAvailable)
{
    Console.WriteLine(ThreadMemory.Measure(threads: 20).Describe());
}
else
{
    Console.WriteLine("No /proc here (Windows or macOS): a thread's memory is not measured.");
}

// On Linux with glibc, .NET gives a new thread the C library's default stack size, which follows `ulimit -s` (8 MB on most distributions; `DOTNET_Thread_DefaultStackSize`, in hex bytes, overrides it). The .NET documentation gives 1.5 MB on Windows and macOS. Either way it is mostly address space, not memory: what a parked thread really costs is the resident figure.

// ### What happened?
//
// A process is a whole program: the runtime has to start, load its libraries and warm up before it runs your function. A thread reserves its stack's address space but uses only the pages it touches (measured above), and takes a system call to start; a thread-pool task reuses a thread that already exists. So in .NET:
//
// - **Parallel CPU work**: threads (`Parallel.For`, `Task.Run`), never processes just for speed.
// - **Isolation**: processes, started once and reused (a pool), when you need crash containment, a hard time limit (a hung worker can be killed), or a memory limit that the operating system enforces per process (cgroups, `ulimit`, Windows Job Objects).
// - **A process is not a sandbox.** A worker runs as your user, with your rights to files, network and other processes. Code you don't trust needs isolation from the operating system on top: a container with a seccomp profile, a separate low-privilege user, a virtual machine, or a WASM runtime that grants no host access. Even those differ in strength (containers share the host's kernel).
//
// ## Try it yourself
//
// > **Exercise 1: count primes in parallel processes.** Write `CountPrimesInProcesses(limit, workers, countSlice)` that splits `[0, limit)` with `CpuWork.Split(limit, workers * 4)`, counts each slice with `countSlice(from, to)` in a `ProcessPool` of `workers` processes (`StarMap` takes `(from, to)` tuples), and returns the total. The check hands you `countSlice`: it counts like `CpuWork.CountPrimes`, and notes which process counted each slice, so the check can tell worker processes counting at the same time from a loop in the notebook.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Try it yourself");

// ---- cell 38
await NotebookApp.Cell(38);
int CountPrimesInProcesses(int limit, int workers, Func<int, int, int> countSlice)
{
    // Your code here: a ProcessPool of `workers`, StarMap(countSlice, slices), then Sum().
    return 0;
}

// ---- cell 39 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(39);
try
{
    MultiprocessingChecks.CheckCountPrimesInProcesses(CountPrimesInProcesses);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: survive a crash.** `MapSurvivingCrashes(items, crashOnThree)` should run `crashOnThree` over the items in a pool, one item per call, and return the results of the items that worked, skipping the ones whose worker crashed (catch `WorkerCrashedException` around each item's `SubmitAsync`). The check hands you `crashOnThree`: it is `CrashOnThree` from above, and it notes which process ran each item.

// ---- cell 41
await NotebookApp.Cell(41);
async Task<List<int>> MapSurvivingCrashes(int[] items, Func<int, int> crashOnThree)
{
    var survivors = new List<int>();
    // Your code here: one pool; for each item, try SubmitAsync(crashOnThree, item)
    // and catch WorkerCrashedException.
    await Task.Yield();
    return survivors;
}

// ---- cell 42 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(42);
try
{
    await MultiprocessingChecks.CheckMapSurvivingCrashesAsync(MapSurvivingCrashes);
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

// ---- cell 44
await NotebookApp.Cell(44);
int CountPrimesInProcessesSolution(int limit, int workers, Func<int, int, int> countSlice)
{
    using (var pool = new ProcessPool(workers))
    {
        var slices = CpuWork.Split(limit, workers * 4);
        return pool.StarMap(countSlice, slices).Sum();
    }
}
MultiprocessingChecks.CheckCountPrimesInProcesses(CountPrimesInProcessesSolution);

// ---- cell 45
await NotebookApp.Cell(45);
async Task<List<int>> MapSurvivingCrashesSolution(int[] items, Func<int, int> crashOnThree)
{
    var survivors = new List<int>();
    await using (var pool = new ProcessPool(1))
    {
        foreach (var item in items)
        {
            try { survivors.Add(await pool.SubmitAsync(crashOnThree, item)); }
            catch (WorkerCrashedException) { }
        }
    }
    return survivors;
}
await MultiprocessingChecks.CheckMapSurvivingCrashesAsync(MapSurvivingCrashesSolution);

// > **Playground.** Give the timeline pool 2 workers instead of 4, or `chunkSize: 4`. How do the lanes change?
//
// ---
// ⏪ Last: [2 · Threading](02-threading.ipynb) · ⏩ Next: [4 · Async](04-async.ipynb)

return NotebookApp.Finish();
