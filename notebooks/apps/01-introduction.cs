#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj
#:property PublishAot=false
// Generated from notebooks/01-introduction.ipynb by:
//   dotnet run --project helpers/NotebookRunner -- export-apps
// Do not edit: change the notebook and run that command again (a test fails when they differ).
// Run it from the repository root: dotnet run notebooks/apps/01-introduction.cs
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

// # 1 · Introduction: threads, processes and async in .NET
//
// The Python guide this series follows opens with three tools: **threads**, **processes** and **asyncio**. .NET has all three, and one big difference that changes the advice: **there is no Global Interpreter Lock**. In this notebook you will
//
// - meet the .NET twin of each tool and see, on your own machine, what "same process", "another process" and "waiting without a thread" mean;
// - count primes on one thread and on several, and watch CPU-bound threads really run in parallel;
// - finish with a self-check that fails if the claim does not hold on this machine.
//
// Every number below is measured when you run the cell. Nothing is typed in by hand.
NotebookApp.Heading("# 1 · Introduction: threads, processes and async in .NET");

// ---- cell 2
await NotebookApp.Cell(2);
NotebookApp.Setup("01-introduction", "..", [
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

// > **Setup.** The cell above imports `setup.csx`, a few lines next to the notebooks: it references the helper library (the README's commands build it), adds the `using` lines the lessons need, makes charts work offline, and prints what it found: your core count, the .NET version, the garbage collector's mode and the time scale. **Server GC** is the mode built for servers' throughput: up to one heap and one dedicated collecting thread per logical CPU ([Workstation and server garbage collection](https://learn.microsoft.com/dotnet/standard/garbage-collection/workstation-server-gc)); since .NET 9 it starts with one heap and adds heaps as the load grows ([DATAS](https://learn.microsoft.com/dotnet/standard/garbage-collection/datas)). The notebook kernel runs with it. Set `Demo.TimeScale = 0.1;` after the setup cell to make every wait ten times shorter; 1 is real time.
//
// ## The guide's three tools, side by side
//
// The guide says:
//
// ```python
// # Python provides multiple ways to handle concurrency and parallelism:
// # - Threading: lightweight concurrency using threads (I/O-bound tasks).
// # - Multiprocessing: true parallelism using multiple processes (CPU-bound tasks).
// # - Asyncio: asynchronous programming for non-blocking I/O operations.
// ```
//
// In .NET the same three ideas look like this:
//
// | Idea | Python | .NET | Runs where |
// |---|---|---|---|
// | A thread | `threading.Thread` | `System.Threading.Thread` | inside this process, sharing its memory |
// | A pool of threads | `ThreadPoolExecutor` | the **thread pool**: `Task.Run`, `Parallel.For` | inside this process |
// | A process | `multiprocessing.Process`, `Pool` | `System.Diagnostics.Process`, the helpers' `ProcessPool` | a separate program with its own memory |
// | Waiting without blocking | `asyncio`, `await` | `async`/`await` on `Task` | whichever thread is free when the wait ends |
//
//
// ### Which names are .NET, and which are this course's?
//
// The cells use two kinds of names. Those on the left come with .NET: any C# program has them. Those on the right come
// from this course's helper library (`helpers/ConcurrencyNotebooks`, loaded by the setup cell): they make a lesson
// measurable or visible, and a program of yours would not have them unless you copied them.
//
// | .NET | This course's helpers |
// |---|---|
// | `Thread`, `Task`, `Task.Run`, `Task.Delay`, `Task.WhenAll` | `Demo`: the time knob (`Demo.Seconds`, `Demo.SleepSeconds`, `Demo.DelaySecondsAsync`) |
// | `Parallel.For`, `Parallel.ForEach`, `Interlocked` | `CpuWork`: prime counting, to keep a core busy |
// | `Process`, `ProcessStartInfo` | `ProcessPool` (notebook 3): ships a C# function to worker processes |
// | `CancellationToken`, `CancellationTokenSource` | `Notebook.StopToken`: the notebook's Stop button as a token |
// | `Stopwatch`, `Environment.ProcessorCount` | `Measure`, `QuickChart`, `Timeline`: timings, charts, who ran when |
// | | `PythonTwin`, `PythonSeed`, `FreeThreadedPython`: run the Python side |
// | | `Claim`, `IntroductionClaims`, `IntroductionChecks`, …: the self-checks and the exercise checks |
//
// .NET has no process pool that ships a function to other processes, as Python's `multiprocessing.Pool` does:
// `ProcessPool` is this course's, built so notebook 3 can follow the guide. Let's meet each tool.
NotebookApp.Heading("## The guide's three tools, side by side");
NotebookApp.Heading("### Which names are .NET, and which are this course's?");

// ### A thread: same process, same memory
//
// A thread is a second line of execution **inside the same process**. Watch the process id (the same) and the thread id (different). The thread writes straight into a list the cell created: threads share memory.
NotebookApp.Heading("### A thread: same process, same memory");

// ---- cell 5
await NotebookApp.Cell(5);
var seen = new List<(int Thread, int Process)>();
var thread = new Thread(() =>
    seen.Add((Environment.CurrentManagedThreadId, Environment.ProcessId)));
thread.Start();
thread.Join();   // wait for it, like thread.join() in Python
var (cellThread, cellProcess) = (Environment.CurrentManagedThreadId, Environment.ProcessId);
Console.WriteLine($"the cell runs on thread {cellThread} in process {cellProcess}");
Console.WriteLine($"the new thread wrote:   thread {seen[0].Thread} in process {seen[0].Process}");
Claim.That(seen[0].Process == cellProcess && seen[0].Thread != cellThread,
    "the new thread runs in this process, on another thread", $"{seen[0]}");

// ### A process: another program, its own memory
//
// A process is a whole program. Here the notebook starts `dotnet --version` as a child process and reads what it prints. It has its own process id and its own memory: it cannot see `seen`, and if it crashed, this notebook would carry on.
NotebookApp.Heading("### A process: another program, its own memory");

// ---- cell 7
await NotebookApp.Cell(7);
var startInfo = new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true };
using (var child = Process.Start(startInfo)!)
{
    var printed = await child.StandardOutput.ReadToEndAsync();
    await child.WaitForExitAsync();
    Console.WriteLine($"child process {child.Id} (this notebook is {Environment.ProcessId}) " +
        $"printed '{printed.Trim()}' and exited with code {child.ExitCode}");
    Claim.That(child.Id != Environment.ProcessId, "the child is another process",
        $"pid {child.Id}");
}

// > **Discuss.** The thread wrote straight into `seen`; the child process could not. Name one thing that sharing memory makes easier, and one thing it makes harder.
//
// ### `await`: waiting without holding a thread
//
// `await` hands the thread back while something is pending (a timer, a network reply, a file). When the wait is over, the rest of the method continues on whichever thread-pool thread is free: for a timer, one runtime thread watches every pending timer and hands each due one to the thread pool (source: `TimerQueue.Portable.cs`, the Linux and macOS timer code). The notebook kernel has no UI thread to come back to: the cell says whether the rest of it ran on the thread it started on.
NotebookApp.Heading("### `await`: waiting without holding a thread");

// ---- cell 9
await NotebookApp.Cell(9);
var before = Environment.CurrentManagedThreadId;
Console.WriteLine($"before await: thread {before}");
await Task.Delay(Demo.Seconds(0.5));
var after = Environment.CurrentManagedThreadId;
Console.WriteLine($"after await:  thread {after} " + (after == before
    ? "(the same thread: the delay was over before the await looked)"
    : "(another thread: a thread-pool thread ran the rest of the cell)"));

// ## The .NET truth: CPU-bound threads run in parallel
//
// Two words first. Work is **concurrent** when several pieces are in progress at the same time: started and not yet finished, perhaps taking turns on one core. It is **parallel** when the pieces execute at the same instant, on different cores. A 2-core machine runs at most 2 threads in parallel, however many are concurrent.
//
// In CPython, the Global Interpreter Lock (GIL) lets only one thread run Python code at a time: a thread that wants it waits a *switch interval* (5 ms by default, `sys.setswitchinterval`) and then asks the holder to let go (source: CPython's `Python/ceval_gil.c`). That is why the guide sends CPU-bound work to *processes* and keeps threads for I/O. **.NET has no GIL.** Every thread can run on its own core at the same time, so CPU-bound work scales with threads, and processes are for other reasons (isolation, crashes, memory limits, running other programs; see notebook 3).
//
// Claims deserve evidence. Here is a CPU-bound job: count the primes below a limit by trial division. `CpuWork.CountPrimes(from, to)` counts one range.
NotebookApp.Heading("## The .NET truth: CPU-bound threads run in parallel");

// ---- cell 11
await NotebookApp.Cell(11);
const int Limit = 1_500_000;
int CountSequential() => CpuWork.CountPrimes(0, Limit);
Console.WriteLine($"{CountSequential():N0} primes below {Limit:N0}");

// Now the same job on several threads. The range is cut into slices (64 unless you ask for another number), dealt out like cards, so every thread gets a fair share of the big (slow) numbers. Each thread adds up its own count, and `Join` waits for all of them.

// ---- cell 13
await NotebookApp.Cell(13);
int CountOnThreads(int threadCount, int sliceCount = 64)
{
    var slices = CpuWork.Split(Limit, sliceCount);
    var counts = new int[threadCount];
    var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
    {
        for (var s = t; s < slices.Count; s += threadCount)
            counts[t] += CpuWork.CountPrimes(slices[s].From, slices[s].To);
    })).ToList();
    threads.ForEach(th => th.Start());
    threads.ForEach(th => th.Join());
    return counts.Sum();
}
Console.WriteLine($"on 2 threads: {CountOnThreads(2):N0} primes (same answer)");

// Time it, with `sliceCount` slices, on 1, 2 and 4 threads, on as many threads as you have cores, and on twice that many. One thread is the baseline: the same slices, one after another. `Measure.BestOfEach` runs every thread count once per round, a warm-up round and then five timed rounds, and keeps each one's fastest run: the one least disturbed by whatever else your machine is doing. The progress line under the cell counts the rounds, and Stop ends it between runs.

// ---- cell 15
await NotebookApp.Cell(15);
var sliceCount = 64;   // the Playground at the end changes this
var cores = Environment.ProcessorCount;
var threadCounts = new[] { 1, 2, 4, cores, 2 * cores }.Distinct().Order().ToArray();
var onThreads = Measure.BestOfEach(threadCounts, n => CountOnThreads(n, sliceCount), rounds: 5);
var oneThread = onThreads[1];
foreach (var (n, time) in onThreads)
    Console.WriteLine(
        $"{n,2} thread(s): {time.TotalMilliseconds,8:F1} ms   speed-up {oneThread / time:F2}×");

// ---- cell 16
await NotebookApp.Cell(16);
NotebookApp.Show(QuickChart.Columns(
    $"Counting primes below {Limit:N0} on {Environment.ProcessorCount} cores",
    onThreads.Keys.Select(n => $"{n} thread(s)").ToList(),
    onThreads.Values.Select(time => oneThread / time).ToList(),
    "speed-up over one thread (×)"));

// ---- cell 17
await NotebookApp.Cell(17);
Console.WriteLine(IntroductionClaims.DescribeSpeedUps(onThreads, cores, sliceCount));

// ### What happened?
//
// - The one-thread run is the baseline: the same slices, counted one after another.
// - With one thread per core, the time drops: the threads really run **at the same time**, one per core. No lock stops them. The first line above says by how much, and why when it is less than expected; the self-check at the end fails if *no* thread count above one reached 1.3× (with 64 slices) while other programs left the cores free. In brackets: how many cores this kernel and other programs kept busy during those runs.
// - More threads than cores are concurrent, not parallel: they take turns on the same cores. The second line says whether they gained anything here.
//
// > **Discuss.** Compare the two lines above: when can more threads than cores finish sooner, and why is that gain not from running in parallel? What kind of work *would* gain from more threads than cores?
//
// Now the same experiment in Python, if `python3` is installed on this machine: `python/gil_threads.py` counts primes on one thread and then on two threads dealing out the same 64 slices (a smaller limit, because Python is slower). It also reports whether the GIL is on.
NotebookApp.Heading("### What happened?");

// ---- cell 19
await NotebookApp.Cell(19);
if (PythonTwin.IsAvailable)
    Console.WriteLine(IntroductionClaims.DescribeGilRun("python3",
        PythonTwin.RunForNumbers("python/gil_threads.py", "150000")));
else
    Console.WriteLine("python3 is not installed here, so the Python side is not measured.");

// With the GIL, Python's threads take turns running Python code, so CPU-bound work gains nothing from them (the cell above also prints how many cores the two threads kept busy at once, their CPU time over their wall time, and fails if that reaches 1.3 with the GIL on; a busy machine can only lower it).
//
// > **Discuss.** The guide sends CPU-bound Python work to processes. Judging by the two measurements above, what would make you start a process for work in .NET?
//
// ### Free-threaded CPython (optional)
//
// The GIL is no longer the only option. [PEP 703](https://peps.python.org/pep-0703/) made it optional: Python 3.13 ships an *experimental* free-threaded build (`python3.13t`), and from Python 3.14 that build is *officially supported* but still optional ([PEP 779](https://peps.python.org/pep-0779/)); the ordinary `python3` keeps the GIL, and importing a C extension that is not marked free-thread-safe turns the GIL back on ([C API Extension Support for Free Threading](https://docs.python.org/3/howto/free-threading-extensions.html)). If a free-threaded Python is on your PATH, the cell below runs the same script with it.
NotebookApp.Heading("### Free-threaded CPython (optional)");

// ---- cell 21
await NotebookApp.Cell(21);
if (FreeThreadedPython.IsAvailable)
    Console.WriteLine(IntroductionClaims.DescribeGilRun(FreeThreadedPython.Name,
        FreeThreadedPython.RunForNumbers("python/gil_threads.py", "150000")));
else
    Console.WriteLine("No free-threaded Python (python3.14t or python3.13t) here: not measured.");

// ### The advice, side by side
//
// That is the reason the guide's advice differs from the advice for .NET:
NotebookApp.Heading("### The advice, side by side");

// ---- cell 23
await NotebookApp.Cell(23);
var best = onThreads.Where(kv => kv.Key > 1).MaxBy(kv => oneThread / kv.Value);
Console.WriteLine($"On this machine ({Environment.ProcessorCount} cores), " +
    $"{best.Key} threads ran the CPU-bound job " +
    $"{oneThread / best.Value:F2}× as fast as one thread: the best of the thread counts above.");

// | Python's advice | The .NET advice |
// |---|---|
// | Threads for I/O-bound work | `async`/`await` for I/O-bound work; threads are fine too |
// | Processes for CPU-bound work | **Threads** (the thread pool, `Parallel.For`) for CPU-bound work |
// | asyncio for many network connections | `async`/`await` for many connections |
// | | **Processes** for isolation: crashes, hangs, native code that may corrupt memory, other programs |
//
// A process is **not a sandbox**, though: it runs as the same user, with the same rights to files and network. Code you don't trust needs isolation from the operating system on top (a container with a seccomp profile, a separate low-privilege user, a virtual machine, or a WASM runtime); notebook 3 has more.
//
// ## Self-check
//
// This cell checks the claim on your machine: with at least two cores, the best of the thread counts above one must make the CPU-bound job clearly faster (at least 1.3×, leaving room for a busy machine). `BestOfEach` also noted how busy the machine's cores were during each thread count's timed runs (Linux's `/proc/stat`): if other programs left fewer than 1.6 cores free during the runs of every thread count above one (the 1.3× plus a margin for the measurement), the cell says so instead of failing, since threads cannot run on cores other programs hold. If it fails, close other programs and run the timing cell again.
NotebookApp.Heading("## Self-check");

// ---- cell 25
await NotebookApp.Cell(25);
Console.WriteLine(IntroductionClaims.CheckThreadsSpeedUp(onThreads, cores, sliceCount));

// ## Try it yourself
//
// > **Exercise 1.** Python programmers reach for a process pool to use all cores. In .NET, `Parallel.For` does it with threads. Write `CountWithParallelFor(countSlice)` so it counts the primes below `Limit` using `Parallel.For` over the 64 slices, counting each slice with `countSlice(from, to)`. The check hands you `countSlice`: it counts like `CpuWork.CountPrimes`, and it notes which thread counted each slice, which numbers each slice covered, and how many slices were in progress at once (concurrently: on 2 cores at most 2 run in parallel). Keep a total with `Interlocked.Add(ref total, count)`, because several threads add at once.
NotebookApp.Heading("## Try it yourself");

// ---- cell 27
await NotebookApp.Cell(27);
int CountWithParallelFor(Func<int, int, int> countSlice)
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    // Your code here: Parallel.For(0, slices.Count, s => { ... countSlice(from, to) ... });
    return total;
}

// Run the check. It fails until your answer is right, and also when the answer is right but not concurrent: when the slices were counted one at a time (the first slice waits a few seconds for a second one), or when some numbers were not counted through `countSlice`. Until you write your answer, this cell fails: that is expected.

// ---- cell 29 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(29);
try
{
    IntroductionChecks.CheckParallelFor(CountWithParallelFor, Limit);
    NotebookApp.DidNotThrow();
}
catch (Exception exerciseCheckException)
{
    NotebookApp.ThrewAsExpected(exerciseCheckException);
}

// ### Solutions
//
// Model answers are in [`solutions/01-introduction.csx`](solutions/01-introduction.csx). Try first; when you want them, run the cell below: it runs each model answer through its check.
NotebookApp.Heading("### Solutions");

// ---- cell 31
await NotebookApp.Cell(31);
// Model answers for notebook 1's exercise. The notebook's Solutions cell runs this file with
// `#!import solutions/01-introduction.csx` after its own cells, so `Limit` and the helpers are already there.

// Exercise 1: every slice goes through countSlice, on Parallel.For's threads; Interlocked keeps the total right.
int CountWithParallelForSolution(Func<int, int, int> countSlice)
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    Parallel.For(0, slices.Count, s =>
        Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
    return total;
}

IntroductionChecks.CheckParallelFor(CountWithParallelForSolution, Limit);

// > **Playground.** In the timing cell, change `var sliceCount = 64;` to `1`, then to `2`, and run the timing cell and the cells below it down to the self-check (the chart, the two lines under it, the Python twin, the advice and the self-check). What happens to the speed-up with 1 slice? With 2?
// >
// > To change `Limit` (say to `300_000`), edit the cell that declares it, then run that cell, the `CountOnThreads` cell and the timing cell, and the cells below down to the self-check: a `const` is copied into every cell compiled with it, so `CountOnThreads` keeps the old value until you run its cell again.

// ## Sources
//
// - [learn.microsoft.com: Workstation and server garbage collection](https://learn.microsoft.com/dotnet/standard/garbage-collection/workstation-server-gc): what server GC is (a heap and a collecting thread per logical CPU).
// - [learn.microsoft.com: Dynamic adaptation to application sizes (DATAS)](https://learn.microsoft.com/dotnet/standard/garbage-collection/datas): on by default with server GC since .NET 9; it starts with one heap and changes the number of heaps as needed.
// - [dotnet/runtime: TimerQueue.Portable.cs](https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/Threading/TimerQueue.Portable.cs): one timer thread waits for the earliest due timer and queues due timers to the thread pool, where the rest of an awaiting method runs.
// - [learn.microsoft.com: The managed thread pool](https://learn.microsoft.com/dotnet/standard/threading/the-managed-thread-pool): the pool that `Task.Run` and `Parallel.For` use.
// - [CPython: Python/ceval_gil.c](https://github.com/python/cpython/blob/main/Python/ceval_gil.c): the GIL, and the switch interval (5 ms) after which a waiting thread asks the holder to drop it.
// - [PEP 703](https://peps.python.org/pep-0703/) and [PEP 779](https://peps.python.org/pep-0779/): the optional GIL; the free-threaded build experimental in 3.13, supported in 3.14.
// - [docs.python.org: C API Extension Support for Free Threading](https://docs.python.org/3/howto/free-threading-extensions.html): importing an extension not marked as supporting free threading enables the GIL at runtime.
// - [C# programming guide: Constants](https://learn.microsoft.com/dotnet/csharp/programming-guide/classes-and-structs/constants): the compiler puts a constant's value straight into the code that uses it (why `Limit` needs its users run again).
NotebookApp.Heading("## Sources");

// ---
// ⏩ Next: [2 · Threading](02-threading.ipynb)

return NotebookApp.Finish();
