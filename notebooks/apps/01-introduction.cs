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
using ConcurrencyNotebooks.Demos;
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
    "using ConcurrencyNotebooks.Demos;",
    "using ConcurrencyNotebooks.Processes;",
    "using ConcurrencyNotebooks.Timelines;",
    "using ConcurrencyNotebooks.Apps;",
]);

// > **Setup.** The cell above imports `setup.csx`, a few lines next to the notebooks: it references the helper library (the README's commands build it), adds the `using` lines the lessons need, makes charts work offline, and prints what it found: your core count, the .NET version, and the time scale. Set `Demo.TimeScale = 0.1;` to make every waiting demo ten times faster.
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
var messages = new List<string>();
var thread = new Thread(() =>
    messages.Add(
        $"thread {Environment.CurrentManagedThreadId} in process {Environment.ProcessId}"));
thread.Start();
thread.Join();   // wait for it, like thread.join() in Python
Console.WriteLine($"the cell runs on thread {Environment.CurrentManagedThreadId} " +
    $"in process {Environment.ProcessId}");
Console.WriteLine($"the new thread wrote:   {messages[0]}");

// ### A process: another program, its own memory
//
// A process is a whole program. Here the notebook starts `dotnet --version` as a child process and reads what it prints. It has its own process id and its own memory: it cannot see `messages`, and if it crashed, this notebook would carry on.
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
}

// ### `await`: waiting without holding a thread
//
// `await` hands the thread back while something is pending (a timer, a network reply, a file). When the wait is over, the rest of the method continues on whichever thread-pool thread is free. The notebook kernel has no UI thread to come back to, so the thread id after the `await` is often different.
NotebookApp.Heading("### `await`: waiting without holding a thread");

// ---- cell 9
await NotebookApp.Cell(9);
Console.WriteLine($"before await: thread {Environment.CurrentManagedThreadId}");
await Task.Delay(Demo.Seconds(0.5));
Console.WriteLine($"after await:  thread {Environment.CurrentManagedThreadId}");

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

// Time it on 1, 2 and 4 threads (and on as many threads as you have cores). One thread is the baseline: the same slices, one after another. `Measure.BestOfEach` runs every thread count once per round, a warm-up round and then five timed rounds, and keeps each one's fastest run: the one least disturbed by whatever else your machine is doing. The progress line under the cell counts the rounds, and Stop ends it between runs.

// ---- cell 15
await NotebookApp.Cell(15);
var threadCounts = new[] { 1, 2, 4, Environment.ProcessorCount }.Distinct().Order().ToArray();
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

// ### What happened?
//
// - The one-thread run is the baseline: the same slices, counted one after another.
// - With as many threads as cores, the time drops: the threads really run **at the same time**, one per core. No lock stops them.
// - More threads than cores do not help: they take turns on the same cores.
//
// Now the same experiment in Python, if `python3` is installed on this machine: `python/gil_threads.py` counts primes on one thread and then on two threads dealing out the same 64 slices (a smaller limit, because Python is slower).
NotebookApp.Heading("### What happened?");

// ---- cell 18
await NotebookApp.Cell(18);
if (PythonTwin.IsAvailable)
{
    var python = PythonTwin.RunForNumbers("python/gil_threads.py", "150000");
    Console.WriteLine($"Python: 1 thread {python[0]:F2} s, 2 threads {python[1]:F2} s: " +
        $"speed-up {python[0] / python[1]:F2}×");
}
else
{
    Console.WriteLine("python3 is not installed here, so the Python side is not measured.");
}

// With the GIL, Python's two threads take turns running Python code, so they are no faster than one (often a little slower, because they also fight over the lock). That is the reason the guide's advice differs from the advice for .NET:

// ---- cell 20
await NotebookApp.Cell(20);
var best = onThreads.MaxBy(kv => oneThread / kv.Value);
Console.WriteLine($"On this machine ({Environment.ProcessorCount} cores), " +
    $"{best.Key} thread(s) ran the CPU-bound job " +
    $"{oneThread / best.Value:F2}× faster than one thread.");

// | Python's advice | The .NET advice |
// |---|---|
// | Threads for I/O-bound work | `async`/`await` for I/O-bound work; threads are fine too |
// | Processes for CPU-bound work | **Threads** (the thread pool, `Parallel.For`) for CPU-bound work |
// | asyncio for many network connections | `async`/`await` for many connections |
// | | **Processes** for isolation: crashes, memory limits, untrusted or native code, other programs |
//
// ## Self-check
//
// This cell checks the claim on your machine: with at least two cores, threads must make the CPU-bound job clearly faster (at least 1.3×, leaving room for a busy machine). If it fails, close other programs and run the timing cell again.
NotebookApp.Heading("## Self-check");

// ---- cell 22
await NotebookApp.Cell(22);
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
// > **Exercise 1.** Python programmers reach for a process pool to use all cores. In .NET, `Parallel.For` does it with threads. Write `CountWithParallelFor()` so it counts the primes below `Limit` using `Parallel.For` over the 64 slices. Keep a total with `Interlocked.Add(ref total, count)`, because several threads add at once.
NotebookApp.Heading("## Try it yourself");

// ---- cell 24
await NotebookApp.Cell(24);
int CountWithParallelFor()
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    // Your code here: Parallel.For(0, slices.Count, s => { ... });
    return total;
}

// Run the check. It throws until your answer is right (the test suite expects this first check to fail, because the stub above is empty).

// ---- cell 26 (an exercise check: it throws until the exercise is answered)
await NotebookApp.Cell(26);
void CheckExercise1(Func<int> answer)
{
    var expected = CountSequential();
    var actual = answer();
    if (actual != expected)
        throw new Exception($"Not yet: CountWithParallelFor() returned {actual:N0}, " +
            $"but there are {expected:N0} primes below {Limit:N0}. " +
            $"Did you add every slice's count to total?");
    Console.WriteLine($"✔ Right: {actual:N0} primes, counted by the thread pool.");
}
try
{
    CheckExercise1(CountWithParallelFor);
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

// ---- cell 28
await NotebookApp.Cell(28);
int CountWithParallelForSolution()
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    Parallel.For(0, slices.Count, s =>
        Interlocked.Add(ref total, CpuWork.CountPrimes(slices[s].From, slices[s].To)));
    return total;
}
CheckExercise1(CountWithParallelForSolution);

// > **Playground.** Change `Limit`, or the number of slices, and run the timing cell again. What happens to the speed-up with 1 slice? With 2?
//
// ---
// ⏩ Next: [2 · Threading](02-threading.ipynb)

return NotebookApp.Finish();
