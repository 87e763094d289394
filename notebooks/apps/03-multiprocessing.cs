#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
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
using ConcurrencyNotebooks.Shipping;
using ConcurrencyNotebooks.Timelines;
using ConcurrencyNotebooks.Apps;

// # 3 · Multiprocessing: worker processes, and why .NET still wants them
//
// The guide's third section runs `square` in a `multiprocessing.Pool` and starts a `Process`. In Python that is how you get parallel CPU work past the GIL. .NET has no GIL (notebook 1 measured it), so **processes in .NET are mostly for something else**: isolation. A process has its own memory, can crash without taking you down, can be killed when it hangs, and can run any program. In this notebook you will
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
    "using ConcurrencyNotebooks.Shipping;",
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
    MultiprocessingClaims.WorkersAreSeparateProcesses(pool.ProcessIds, workers: 4);
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
// - **spawn** (the default on Windows and macOS) and **forkserver** (the default on Linux and the other POSIX systems from Python 3.14; source: Python docs, *Contexts and start methods*): a worker is a fresh interpreter. Functions travel pickled (serialized by Python's `pickle`) *by name*, so the worker imports your script to find `square`. Without the guard that import runs the `Pool(...)` lines again in every worker, and Python stops with a `RuntimeError` about the bootstrapping phase (source: Python docs, *Programming guidelines*, "Safe importing of main module"; CPython `Lib/multiprocessing/spawn.py`). And a function defined in a notebook cell or at the interactive prompt cannot be found by name in a fresh interpreter at all (`AttributeError: Can't get attribute 'square'`).
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

// > **Discuss.** Your `python3` printed its start method above. Which of the three is closest to what the C# pool does with `Square`, and what does each one copy or re-run?
//
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
// Give the pool a `Timeline`, and each task becomes a bar in its worker's lane, on the notebook's clock (on Linux and macOS `Stopwatch` reads the system's monotonic clock, the same one in every process; source: dotnet/runtime `src/native/minipal/time.c`, `minipal_hires_ticks`). The `main` lane is the notebook waiting for the map. The cell first waits until all the workers are up. Starting a worker keeps a core busy (its cost is measured near the end of this notebook), so the pool starts no more at once than there are cores, and items go to the first workers ready; after the wait, each idle worker takes one of the first chunks (`chunkSize` items travel together). The sentence under the map says how many lanes that makes and checks it.
NotebookApp.Heading("## One lane per worker process");

// ---- cell 21
await NotebookApp.Cell(21);
var workers = 4;
var chunkSize = 1;
var tl = new Timeline($"Pool({workers}).map: counting primes in worker processes");
using (var pool = new ProcessPool(workers, new ProcessPoolOptions { Timeline = tl }))
{
    pool.WaitForWorkers();
    var limits = new[] { 100_000, 200_000, 300_000, 400_000, 100_000, 200_000, 300_000, 400_000 };
    var counts = tl.Record("main: pool.Map",
        () => pool.Map(n => CpuWork.CountPrimes(0, n), limits, chunkSize: chunkSize));
    Console.WriteLine(string.Join(", ", counts));
    Console.WriteLine(
        MultiprocessingClaims.OneLanePerWorker(tl, workers, limits.Length, chunkSize));
}
NotebookApp.Show(tl);

// > **Discuss.** Each worker is a separate program with its own lane. What would the lanes look like if the cell skipped `WaitForWorkers`, and why?
//
// ## Isolation: what processes are for in .NET
//
// ### A crash stays in its process
//
// `Environment.FailFast` kills a process on the spot, the way a native crash or a stack overflow would (source: learn.microsoft.com, `Environment.FailFast`). Done in the notebook, it would kill the kernel. Done in a worker, the pool reports which worker died, on which item, and replaces it.
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

// ### One call at a time: `SubmitAsync`
//
// `Map` sends a whole list and waits for all of it. `SubmitAsync(function, argument)` sends **one** call and returns a `Task` to await, like Python's `pool.apply_async(square, (12,))`. If the call's worker crashes, the `await` throws `WorkerCrashedException`, and the pool starts a replacement worker.
NotebookApp.Heading("### One call at a time: `SubmitAsync`");

// ---- cell 25
await NotebookApp.Cell(25);
await using (var pool = new ProcessPool(1))
{
    var answer = await pool.SubmitAsync(Square, 12);
    Console.WriteLine($"Square(12) = {answer}, computed in worker pid {pool.ProcessIds[0]}");
}

// ### A hang can be stopped (optional)
//
// A thread that never checks for cancellation cannot be stopped: .NET has no supported way to abort a thread from outside (`Thread.Abort` throws `PlatformNotSupportedException` since .NET Core; source: learn.microsoft.com, *SYSLIB0006*), so `while (true) { }` in a cell blocks every later cell until you restart the kernel (the kernel's Stop button cannot end it; source: dotnet/interactive issue #3387). In a worker process it can simply be killed. `TaskTimeout` does that for you.
NotebookApp.Heading("### A hang can be stopped (optional)");

// ---- cell 27
await NotebookApp.Cell(27);
int Forever(int n) { while (true) { } }
var patient = new ProcessPoolOptions { TaskTimeout = TimeSpan.FromSeconds(1) };
using (var pool = new ProcessPool(1, patient))
{
    try { pool.Map(Forever, new[] { 1 }); }
    catch (TimeoutException e) { Console.WriteLine($"✘ {e.Message}"); }
    Console.WriteLine($"✔ replaced worker answers: {pool.Map(Square, new[] { 7 })[0]}");
}

// ### An exception comes back with its story (optional)
//
// An exception thrown in a worker comes back as a `RemoteTaskException`: its message names the call, the remote exception's type and message, and the worker; `RemoteStackTrace` holds the remote stack trace, whose first frame is where it was thrown.
NotebookApp.Heading("### An exception comes back with its story (optional)");

// ---- cell 29
await NotebookApp.Cell(29);
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
// Isolation is not free. The next two cells time, on your machine, the best of several runs of:
//
// - **`new Thread` + `Join`**: start one thread with an empty body and wait for it to end (best of 20). This is the least a thread costs: one at a time, nothing else starting. Notebook 4 measures something else, the overhead per thread when 1,000 sleeping threads are started one after another (their total time beyond the sleep, divided by 1,000), so its figure per thread comes out different.
// - **`Task.Run` + `Wait`**: queue an empty task to the thread pool and wait for it (best of 20).
// - **new process + exit**: start a worker process that runs an empty function, and wait for it to exit (best of 3).
NotebookApp.Heading("## What does a process cost?");

// ---- cell 31
await NotebookApp.Cell(31);
void Nothing() { }
var threadCost = Measure.Best(
    () => { var t = new Thread(() => { }); t.Start(); t.Join(); }, runs: 20);
var taskCost = Measure.Best(() => Task.Run(() => { }).Wait(), runs: 20);
var processCost = Measure.Best(
    () => { using (var p = WorkerProcess.Start(Nothing)) p.WaitForExit(); }, runs: 3);

// - **warm pool call**: one `Map` of one item on a pool whose worker is running already, so the call only crosses to it and back (best of 20).
//
// The list below is sorted, cheapest first.

// ---- cell 33
await NotebookApp.Cell(33);
TimeSpan callCost;
using (var warm = new ProcessPool(1))
{
    callCost = Measure.Best(() => warm.Map(Square, new[] { 1 }), runs: 20);
}
var costs = new Dictionary<string, TimeSpan>
{
    ["Task.Run + Wait"] = taskCost, ["new Thread + Join"] = threadCost,
    ["warm pool call"] = callCost, ["new process + exit"] = processCost
}.OrderBy(cost => cost.Value).ToDictionary();
foreach (var (what, cost) in costs)
    Console.WriteLine($"{what,-18} {cost.TotalMicroseconds,12:N0} µs");

// ---- cell 34
await NotebookApp.Cell(34);
NotebookApp.Show(QuickChart.Columns("Cost of one unit of concurrency (log scale)",
    costs.Keys.ToList(), costs.Values.Select(c => c.TotalMicroseconds).ToList(),
    "microseconds", "N0", logScale: true));

// ---- cell 35
await NotebookApp.Cell(35);
Console.WriteLine(MultiprocessingClaims.CompareCosts(threadCost, taskCost, processCost, callCost));

// ### What does a thread cost in memory? (optional)
//
// A thread's stack is **reserved address space**: the operating system hands out its pages only when the thread touches them. The cell starts 20 threads that just wait, and compares the process's memory map (the `maps` file in `/proc/self`) and its resident memory (`VmRSS`) before and after.
NotebookApp.Heading("### What does a thread cost in memory? (optional)");

// ---- cell 37
await NotebookApp.Cell(37);
if (ThreadMemory.IsAvailable)
{
    Console.WriteLine(ThreadMemory.Measure(threads: 20).Describe());
}
else
{
    Console.WriteLine("No /proc here (Windows or macOS): a thread's memory is not measured.");
}

// On Linux with glibc, .NET asks for no particular stack size unless you set `DOTNET_Thread_DefaultStackSize` (in hex bytes; source: dotnet/runtime `threads.cpp`, `GetDefaultStackSizeSetting`), so a new thread gets glibc's default, which follows `ulimit -s` (often 8 MB; source: the Linux manual page *pthread_create(3)*). On macOS and on Alpine (musl) the runtime asks for 1.5 MB itself (source: dotnet/runtime `pal/src/init/pal.cpp`, `InitializeDefaultStackSize`). Either way it is mostly address space, not memory: what a parked thread really costs is the resident figure above.

// ### What happened?
//
// A process is a whole program: the runtime has to start, load its libraries and warm up before it runs your function (the cost measured above). A thread reserves its stack's address space but uses only the pages it touches (measured above, if you ran the optional cell), and takes a system call to start; a thread-pool task reuses a thread that already exists. So in .NET:
//
// - **Parallel CPU work**: threads (`Parallel.For`, `Task.Run`), rarely processes just for speed. Threads of one process share its memory, so nothing is copied between them; a worker process pays the start-up above once and a copy of every argument and result on each call. Processes win on speed mainly when threads cannot run in parallel inside one process, for example with a native library that is not thread-safe.
// - **Isolation**: processes, started once and reused (a pool), when you need crash containment, a hard time limit (a hung worker can be killed), or a memory limit that the operating system enforces per process or group of processes (on Windows a Job Object, source: learn.microsoft.com, *Job Objects*; on Linux, cgroups).
// - **A process is not a sandbox.** A worker runs as your user, with your rights to files, the network and your other processes. .NET has no in-process sandbox either: Code Access Security and AppDomain isolation are not supported since .NET Core, and Microsoft advises against running code of unknown origin without other security measures, pointing to separate processes, containers, virtual machines or user accounts with the least privileges (source: learn.microsoft.com, *Code Access Security*; *.NET Framework technologies unavailable on .NET*). Code you don't trust needs such a boundary from the operating system, not just a worker process.
//
// > **Discuss.** A new process costs far more than a thread, a warm call far less. For a program you know, which failure (a crash, a hang, a leak) would be worth a worker process, and what would it cost per call?
//
// ## Try it yourself
//
// > **Exercise 1: count primes in parallel processes.** Write `CountPrimesInProcesses(limit, workers, countSlice)` that splits `[0, limit)` with `CpuWork.Split(limit, workers * 4)`, counts each slice with `countSlice` in a `ProcessPool` of `workers` processes, and returns the total. Pass `countSlice` itself: `pool.StarMap(countSlice, slices)` (`StarMap` takes `(from, to)` tuples). A lambda around it, such as `(a, b) => countSlice(a, b)`, captures the variable `countSlice`, and the pool refuses it (see *What cannot travel*). The check hands you `countSlice`: it counts like `CpuWork.CountPrimes`, and notes which process counted each slice, so the check can tell worker processes counting at the same time from a loop in the notebook.
NotebookApp.Heading("### What happened?");
NotebookApp.Heading("## Try it yourself");

// ---- cell 40
await NotebookApp.Cell(40);
int CountPrimesInProcesses(int limit, int workers, Func<int, int, int> countSlice)
{
    // Your code here: a ProcessPool of `workers`, StarMap(countSlice, slices), then Sum().
    return 0;
}

// ---- cell 41 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(41);
try
{
    MultiprocessingChecks.CheckCountPrimesInProcesses(CountPrimesInProcesses);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// > **Exercise 2: survive a crash.** `MapSurvivingCrashes(items, crashOnThree)` should run `crashOnThree` over the items in a pool of **one** worker (`new ProcessPool(1)`), one item per `SubmitAsync` call (see *One call at a time*), and return the results of the items that worked, skipping the ones whose worker crashed: catch `WorkerCrashedException` around each item's `await`. The pool replaces a crashed worker, so the next item still runs. The check hands you `crashOnThree`: it is `CrashOnThree` from above, and it notes which process ran each item.

// ---- cell 43
await NotebookApp.Cell(43);
async Task<List<int>> MapSurvivingCrashes(int[] items, Func<int, int> crashOnThree)
{
    var survivors = new List<int>();
    // Your code here: one pool; for each item, try SubmitAsync(crashOnThree, item)
    // and catch WorkerCrashedException.
    await Task.Yield();
    return survivors;
}

// ---- cell 44 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(44);
try
{
    await MultiprocessingChecks.CheckMapSurvivingCrashesAsync(MapSurvivingCrashes);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/03-multiprocessing.csx`](solutions/03-multiprocessing.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 46
await NotebookApp.Cell(46);
// Model answers for notebook 3's exercises; the notebook's setup has already run.

int CountPrimesInProcessesSolution(int limit, int workers, Func<int, int, int> countSlice)
{
    using (var pool = new ProcessPool(workers))
    {
        var slices = CpuWork.Split(limit, workers * 4);
        return pool.StarMap(countSlice, slices).Sum();
    }
}
MultiprocessingChecks.CheckCountPrimesInProcesses(CountPrimesInProcessesSolution);

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

// > **Playground.** In the timeline cell, set `workers = 2` instead of 4, or `chunkSize = 4` instead of 1, and run it again. How do the lanes change? The sentence under the map says how many lanes to expect, and why.
//
// ## Sources
//
// - [Python docs: multiprocessing, *Contexts and start methods*](https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods): fork, spawn and forkserver; spawn the default on Windows and macOS, forkserver the default on POSIX from Python 3.14.
// - [Python docs: multiprocessing, *Programming guidelines*](https://docs.python.org/3/library/multiprocessing.html#multiprocessing-programming): "Safe importing of main module", the reason for `if __name__ == "__main__":`.
// - [CPython: Lib/multiprocessing/spawn.py](https://github.com/python/cpython/blob/main/Lib/multiprocessing/spawn.py): `_check_not_importing_main`, the `RuntimeError` about the bootstrapping phase.
// - [dotnet/runtime: src/native/minipal/time.c](https://github.com/dotnet/runtime/blob/main/src/native/minipal/time.c): `minipal_hires_ticks`, the timestamp behind `Stopwatch` on Unix: `CLOCK_MONOTONIC` on Linux, `CLOCK_UPTIME_RAW` on macOS, clocks of the whole system.
// - [learn.microsoft.com: SYSLIB0006](https://learn.microsoft.com/dotnet/fundamentals/syslib-diagnostics/syslib0006): `Thread.Abort` throws `PlatformNotSupportedException` on .NET Core and .NET 5+; use a `CancellationToken`.
// - [dotnet/interactive issue #3387](https://github.com/dotnet/interactive/issues/3387): the notebook's Stop button does not stop an infinite loop, because .NET has no `Thread.Abort`.
// - [learn.microsoft.com: Environment.FailFast](https://learn.microsoft.com/dotnet/api/system.environment.failfast): terminates the process immediately (on Unix-like systems after writing the message and stack trace to standard error).
// - [dotnet/runtime: src/coreclr/vm/threads.cpp](https://github.com/dotnet/runtime/blob/main/src/coreclr/vm/threads.cpp): `GetDefaultStackSizeSetting`, `DOTNET_Thread_DefaultStackSize` read in hex, 0 (the platform default) when unset.
// - [dotnet/runtime: src/coreclr/pal/src/init/pal.cpp](https://github.com/dotnet/runtime/blob/main/src/coreclr/pal/src/init/pal.cpp): `InitializeDefaultStackSize`, 1.5 MB on macOS and musl, otherwise the C library's default.
// - [man7.org: pthread_create(3)](https://man7.org/linux/man-pages/man3/pthread_create.3.html): with glibc (NPTL), the `RLIMIT_STACK` soft limit (`ulimit -s`), unless unlimited, sets the default stack size of new threads.
// - [learn.microsoft.com: Job Objects](https://learn.microsoft.com/windows/win32/procthread/job-objects): limits the operating system enforces on a group of processes, memory included.
// - [learn.microsoft.com: Code Access Security](https://learn.microsoft.com/dotnet/framework/misc/code-access-security): not supported in .NET Core and later; no security boundary for code of unknown origin.
// - [learn.microsoft.com: .NET Framework technologies unavailable on .NET](https://learn.microsoft.com/dotnet/core/porting/net-framework-tech-unavailable): no AppDomains or CAS; use separate processes or containers for isolation, and operating-system security boundaries.
//
// ---
// ⏪ Last: [2 · Threading](02-threading.ipynb) · ⏩ Next: [4 · Async](04-async.ipynb)
NotebookApp.Heading("## Sources");

return NotebookApp.Finish();
