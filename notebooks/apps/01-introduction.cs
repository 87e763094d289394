#:project ../../helpers/ConcurrencyNotebooks.Worker/ConcurrencyNotebooks.Worker.csproj
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
    "using ConcurrencyNotebooks.Timelines;",
    "using ConcurrencyNotebooks.Apps;",
]);

// > **Setup.** The cell above imports `setup.csx`, a few lines next to the notebooks: it references the helper library (the README's commands build it), adds the `using` lines the lessons need, makes charts work offline, and prints what it found: your core count, the .NET version, and the time scale. Set `Demo.TimeScale = 0.1;` after the setup cell to make every wait ten times shorter; 1 is real time.
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
// Let's meet each one.
NotebookApp.Heading("## The guide's three tools, side by side");

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
if (seen[0].Process != cellProcess || seen[0].Thread == cellThread)
    throw new Exception("Expected the same process and another thread.");

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
    if (child.Id == Environment.ProcessId) throw new Exception("Expected another process.");
}

// ### `await`: waiting without holding a thread
//
// `await` hands the thread back while something is pending (a timer, a network reply, a file). When the wait is over, the rest of the method continues on whichever thread-pool thread is free. The notebook kernel has no UI thread to come back to: the cell says whether the rest of it ran on the thread it started on.
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
// In CPython, the Global Interpreter Lock (GIL) lets only one thread run Python code at a time. That is why the guide sends CPU-bound work to *processes* and keeps threads for I/O. **.NET has no GIL.** Every thread can run on its own core at the same time, so CPU-bound work scales with threads, and processes are for other reasons (isolation, crashes, memory limits, running other programs; see notebook 3).
//
// Claims deserve evidence. Here is a CPU-bound job: count the primes below a limit by trial division. `CpuWork.CountPrimes(from, to)` counts one range.
NotebookApp.Heading("## The .NET truth: CPU-bound threads run in parallel");

// ---- cell 11
await NotebookApp.Cell(11);
const int Limit = 1_500_000;
int CountSequential() => CpuWork.CountPrimes(0, Limit);
Console.WriteLine($"{CountSequential():N0} primes below {Limit:N0}");

// Now the same job on several threads. The range is cut into 64 slices, dealt out like cards, so every thread gets a fair share of the big (slow) numbers. Each thread adds up its own count, and `Join` waits for all of them.

// ---- cell 13
await NotebookApp.Cell(13);
int CountOnThreads(int threadCount)
{
    var slices = CpuWork.Split(Limit, 64);
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

// Time it on 1, 2 and 4 threads, on as many threads as you have cores, and on twice that many. One thread is the baseline: the same slices, one after another. `Measure.BestOfEach` runs every thread count once per round, a warm-up round and then five timed rounds, and keeps each one's fastest run: the one least disturbed by whatever else your machine is doing. The progress line under the cell counts the rounds, and Stop ends it between runs.

// ---- cell 15
await NotebookApp.Cell(15);
var cores = Environment.ProcessorCount;
var threadCounts = new[] { 1, 2, 4, cores, 2 * cores }.Distinct().Order().ToArray();
var onThreads = Measure.BestOfEach(threadCounts, n => CountOnThreads(n), rounds: 5);
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
var onCores = oneThread / onThreads[cores];
var (most, mostTime) = onThreads.MaxBy(kv => kv.Key);
Console.WriteLine($"{cores} thread(s), one per core: {onCores:F2}× as fast as one thread" +
    (cores > 1 && onCores < 1.3 ? ": less than expected, the machine is busy." : "."));
Console.WriteLine($"{most} threads on {cores} core(s): {oneThread / mostTime:F2}×, " +
    (oneThread / mostTime < onCores * 1.1
        ? "no better: the extra threads take turns on the same cores."
        : "better here: other programs must be busy on the cores, " +
            "and more threads get a bigger share of them."));

// ### What happened?
//
// - The one-thread run is the baseline: the same slices, counted one after another.
// - With one thread per core, the time drops: the threads really run **at the same time**, one per core. No lock stops them. The first line above says by how much, and says so when a busy machine held it under 1.3×; the self-check at the end fails if *no* thread count above one reached 1.3×.
// - More threads than cores can only take turns on the same cores: the second line says whether they gained anything here.
//
// Now the same experiment in Python, if `python3` is installed on this machine: `python/gil_threads.py` counts primes on one thread and then on two threads dealing out the same 64 slices (a smaller limit, because Python is slower). It also reports whether the GIL is on.
NotebookApp.Heading("### What happened?");

// ---- cell 19
await NotebookApp.Cell(19);
if (!PythonTwin.IsAvailable)
    Console.WriteLine("python3 is not installed here, so the Python side is not measured.");
else
{
    var py = PythonTwin.RunForNumbers("python/gil_threads.py", "150000");
    var pySpeedUp = py[0] / py[1];
    Console.WriteLine($"python3: 1 thread {py[0]:F2} s, 2 threads {py[1]:F2} s: speed-up " +
        $"{pySpeedUp:F2}×, GIL {(py[2] == 1 ? "on" : "off")}, {py[3]:F2} cores busy at once");
    if (py[2] == 1 && py[3] >= 1.3)
        throw new Exception($"Two Python threads kept {py[3]:F2} cores busy with the GIL on?");
    if (py[2] == 1)
        Console.WriteLine($"→ two threads were {(pySpeedUp < 1.1 ? "no" : "barely")} faster " +
            "than one: they took turns holding the GIL.");
}

// With the GIL, Python's threads take turns running Python code, so CPU-bound work gains nothing from them (the cell above also prints how many cores the two threads kept busy at once, their CPU time over their wall time, and fails if that reaches 1.3 with the GIL on; a busy machine can only lower it).
//
// **Free-threaded CPython.** The GIL is no longer the only option. [PEP 703](https://peps.python.org/pep-0703/) made it optional: Python 3.13 ships an *experimental* free-threaded build (`python3.13t`), and from Python 3.14 that build is *officially supported* but still optional ([PEP 779](https://peps.python.org/pep-0779/)); the ordinary `python3` keeps the GIL, and a C extension that is not marked free-thread-safe turns it back on. If a free-threaded Python is on your PATH, the cell below runs the same script with it.

// ---- cell 21
await NotebookApp.Cell(21);
if (FreeThreadedPython.IsAvailable)
{
    var ft = FreeThreadedPython.RunForNumbers("python/gil_threads.py", "150000");
    Console.WriteLine($"{FreeThreadedPython.Name}: 1 thread {ft[0]:F2} s, " +
        $"2 threads {ft[1]:F2} s: speed-up {ft[0] / ft[1]:F2}×, GIL {(ft[2] == 1 ? "on" : "off")}");
}
else
{
    Console.WriteLine("No free-threaded Python (python3.14t or python3.13t) here: not measured.");
}

// That is the reason the guide's advice differs from the advice for .NET:

// ---- cell 23
await NotebookApp.Cell(23);
var best = onThreads.MaxBy(kv => oneThread / kv.Value);
Console.WriteLine($"On this machine ({Environment.ProcessorCount} cores), " +
    $"{best.Key} thread(s) ran the CPU-bound job " +
    $"{oneThread / best.Value:F2}× faster than one thread.");

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
// This cell checks the claim on your machine: with at least two cores, the best of the thread counts above one must make the CPU-bound job clearly faster (at least 1.3×, leaving room for a busy machine). If it fails, close other programs and run the timing cell again.
NotebookApp.Heading("## Self-check");

// ---- cell 25
await NotebookApp.Cell(25);
var bestSpeedUp = onThreads.Where(kv => kv.Key > 1).Select(kv => oneThread / kv.Value)
    .DefaultIfEmpty(1).Max();
if (Environment.ProcessorCount >= 2 && bestSpeedUp < 1.3)
    throw new Exception($"Threads sped the CPU-bound job up only {bestSpeedUp:F2}× " +
        $"on {Environment.ProcessorCount} cores. Is the machine busy?");
Console.WriteLine(Environment.ProcessorCount >= 2
    ? $"✔ No GIL here: threads made CPU-bound work {bestSpeedUp:F2}× faster."
    : "This machine has one core: threads cannot run at the same time, " +
        "so there is no speed-up to check.");

// ## Try it yourself
//
// > **Exercise 1.** Python programmers reach for a process pool to use all cores. In .NET, `Parallel.For` does it with threads. Write `CountWithParallelFor(countSlice)` so it counts the primes below `Limit` using `Parallel.For` over the 64 slices, counting each slice with `countSlice(from, to)`. The check hands you `countSlice`: it counts like `CpuWork.CountPrimes`, and it notes which thread counted each slice and how many slices were being counted at once. Keep a total with `Interlocked.Add(ref total, count)`, because several threads add at once.
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

// Run the check. It throws until your answer is right, and also when the answer is right but not concurrent: when the slices were counted one at a time (the first slice waits a few seconds for a second one), or not with `countSlice` at all. The test suite expects this first check to fail, because the stub above is empty.

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

// <details><summary><b>Solution</b> (try first!)</summary>
//
// The cell below is the solution; the check runs again after it.
// </details>

// ---- cell 31
await NotebookApp.Cell(31);
int CountWithParallelForSolution(Func<int, int, int> countSlice)
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    Parallel.For(0, slices.Count, s =>
        Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
    return total;
}
IntroductionChecks.CheckParallelFor(CountWithParallelForSolution, Limit);

// > **Playground.** Change `Limit`, or the number of slices, and run the timing cell again. What happens to the speed-up with 1 slice? With 2?
//
// ---
// ⏩ Next: [2 · Threading](02-threading.ipynb)

return NotebookApp.Finish();
