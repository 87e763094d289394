using System.Globalization;

namespace ConcurrencyNotebooks.Claims;

/// <summary>Notebook 6's checks: what its Python twin (<c>python/async_counter.py</c>) printed, and how the JIT treats cells.</summary>
public static class SynchronizationClaims
{
    /// <summary>Checks the lesson's claim that the kernel compiles cells unoptimized and the process pool recompiles a
    /// worker's function optimized; in an exported app, which builds both with its own settings, it only says so.</summary>
    /// <param name="cellOptimized">Whether the JIT optimizes the cell's code.</param>
    /// <param name="workerOptimized">Whether the JIT optimizes the function a worker ran.</param>
    /// <returns>A line to show in an app; empty in a notebook kernel, where the claim was checked.</returns>
    /// <exception cref="ClaimFailedException">In a kernel: cells optimized, or worker functions not.</exception>
    public static string CheckJitOptimizations(bool cellOptimized, bool workerOptimized)
    {
        static string OnOff(bool on) => on ? "on" : "off";
        if (Apps.NotebookApp.IsRunning)
        {
            return $"(An exported app compiles its cells and ships its worker functions as its own build, with the app's "
                + $"settings: here cells {OnOff(cellOptimized)}, workers {OnOff(workerOptimized)}. The kernel's answer is what "
                + "the text describes.)";
        }

        Claim.That(!cellOptimized && workerOptimized, "cells run unoptimized, worker functions optimized",
            $"cells {OnOff(cellOptimized)}, workers {OnOff(workerOptimized)}");
        return "";
    }

    /// <summary>Checks one asyncio run against the lesson and returns the line to show.</summary>
    /// <param name="mode">Where the await sat: "between" (not in the update), "inside" (read, await, write),
    /// or "locked" (inside, holding an <c>asyncio.Lock</c>).</param>
    /// <param name="numbers">What the script printed: expected total, counter, distinct threads.</param>
    /// <returns>One line: the mode, expected and counted totals, the thread count and what it means.</returns>
    /// <exception cref="ClaimFailedException">The run contradicts the lesson: one thread always, and updates lost
    /// only (and then always) when an await sits inside an unguarded update.</exception>
    public static string CheckAsyncioCounter(string mode, IReadOnlyList<double> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var (expected, counter, threads) = ((long)numbers[0], (long)numbers[1], (int)numbers[2]);
        Claim.Equal(threads, 1, "asyncio runs every task on one thread");
        var lost = expected - counter;
        var meaning = mode switch
        {
            "inside" => "updates lost: tasks read the same value before any of them wrote",
            "locked" => "the asyncio.Lock kept each read … await … write whole",
            _ => "no await inside the update, so no task could cut in",
        };
        if (mode == "inside")
        {
            Claim.That(lost > 0, "an await inside read … write loses updates in asyncio", $"{counter:N0} of {expected:N0}");
        }
        else
        {
            Claim.Equal(counter, expected, $"asyncio loses no update in mode '{mode}'");
        }

        var verdict = lost > 0 ? string.Create(CultureInfo.InvariantCulture, $"{lost:N0} {meaning}.") : $"exact; {meaning}.";
        return string.Create(CultureInfo.InvariantCulture,
            $"{mode,-8} expected {expected,10:N0}, counter {counter,10:N0}, on {threads} thread: {verdict}");
    }
}
