using System.Globalization;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Claims;

/// <summary>Notebook 1's claims about CPU-bound threads: what the timings say, in words, and the checks behind them.</summary>
/// <remarks>Each method takes the best time per thread count (one thread is the baseline), the machine's cores and
/// the number of slices the range was cut into: with fewer slices than threads, some threads get no work at all.</remarks>
public static class IntroductionClaims
{
    /// <summary>The speed-up the self-check asks for when the slices can keep every core busy.</summary>
    public const double EvenFloor = 1.3;

    /// <summary>The speed-up the self-check asks for when the slices are fewer than twice the cores (uneven shares).</summary>
    public const double UnevenFloor = 1.15;

    /// <summary>Free cores beyond the floor a thread count needs for its speed-up to be judged: threads cannot run on
    /// cores other programs hold, and the machine's load is measured to about a tenth of a core.</summary>
    public const double SpareCores = 0.3;

    /// <summary>Describes in two lines the speed-up with one thread per core and with the most threads.</summary>
    /// <param name="onThreads">Best time per thread count, with the cores used during it; must hold 1 and <paramref name="cores"/>.</param>
    /// <param name="cores">The machine's logical cores.</param>
    /// <param name="slices">How many slices the range was cut into.</param>
    /// <returns>Two lines of text.</returns>
    public static string DescribeSpeedUps(MeasuredTimes<int> onThreads, int cores, int slices)
    {
        ArgumentNullException.ThrowIfNull(onThreads);
        var one = onThreads[1];
        var onCores = one / onThreads[cores];
        var busyAtOnce = Math.Min(cores, slices);
        var cpu = onThreads.CpuDuring(cores);
        var floor = Floor(cores, slices);
        var first = $"{cores} thread(s), one per core: {F(onCores)}× as fast as one thread" + Load(cpu) + (busyAtOnce < 2
            ? $": with {slices} slice(s) only {busyAtOnce} thread(s) had work at a time, so threads cannot speed " +
                "it up; any difference from 1.00× is the machine's noise."
            : onCores >= floor
                ? "."
                : cpu switch
                {
                    null => ": less than expected; what other programs used is not known here (no /proc/stat, or it " +
                        "counts cores this process may not use).",
                    { } c when c.Free < floor + SpareCores => $": less than expected: other programs left only " +
                        $"{c.Free:F1} of the {cores} cores free.",
                    _ => ": less than expected, although other programs left the cores free.",
                });
        var most = onThreads.Keys.Max();
        var onMost = one / onThreads[most];
        var (othersOnCores, othersOnMost) = (cpu?.Others, onThreads.CpuDuring(most)?.Others);
        var second = $"{most} threads on {cores} core(s): {F(onMost)}×, " + (most <= cores
            ? "no more threads than cores."
            : onMost < onCores * 1.1
                ? "no clear gain over one per core (within 10%): the extra threads take turns on the same cores."
                : $"better here: {most} threads cannot all run at once on {cores} cores, so " +
                    (othersOnCores - othersOnMost > 0.1
                        ? $"they took a bigger share of the machine from other programs (those used {othersOnMost:F1} " +
                            $"cores during these runs, {othersOnCores:F1} during the {cores}-thread runs)."
                        : "the gain came from shares of the slices that ended more evenly."));
        return first + Environment.NewLine + second;
    }

    /// <summary>Checks that threads made the CPU-bound job faster, when slices and cores let two threads work at once.</summary>
    /// <param name="onThreads">Best time per thread count, with the cores used during it; must hold 1.</param>
    /// <param name="cores">The machine's logical cores.</param>
    /// <param name="slices">How many slices the range was cut into.</param>
    /// <returns>One line saying what was checked, or why nothing could be.</returns>
    /// <exception cref="ClaimFailedException">When two threads could work at once on a job long enough to measure, no
    /// thread count reached the floor, and during some thread count's runs other programs left at least the floor plus
    /// <see cref="SpareCores"/> cores free (or what they used is not known).</exception>
    public static string CheckThreadsSpeedUp(MeasuredTimes<int> onThreads, int cores, int slices)
    {
        ArgumentNullException.ThrowIfNull(onThreads);
        var best = onThreads.Where(kv => kv.Key > 1).Select(kv => onThreads[1] / kv.Value).DefaultIfEmpty(1).Max();
        if (cores < 2)
        {
            return "This machine has one core: threads cannot run at the same time, so there is no speed-up to check.";
        }

        if (slices < 2)
        {
            return $"With {slices} slice only one thread has work, so there is no speed-up to check (the best " +
                $"measured {F(best)}×: with one thread working, a difference from 1.00× is the machine's noise). " +
                "Use 2 or more slices to see threads share the work.";
        }

        if (onThreads[1] < ShortestMeasurableJob)
        {
            return $"The whole job took {onThreads[1].TotalMilliseconds:F1} ms on one thread: too short to measure a speed-up " +
                $"reliably on a machine doing other work too, so there is none to check (the best measured {F(best)}×). " +
                "Raise Limit to see the threads' gain.";
        }

        var floor = Floor(cores, slices);
        var threaded = onThreads.Keys.Where(n => n > 1).Select(onThreads.CpuDuring).ToList();
        if (best < floor && threaded.Count > 0 && threaded.All(cpu => cpu is { } c && c.Free < floor + SpareCores))
        {
            var free = threaded.Max(cpu => cpu!.Value.Free);
            return $"Not checked this time: other programs (or, in a virtual machine, the hypervisor) left at most " +
                $"{free:F1} of the {cores} cores free while the threads ran, too few to reach {F(floor)}× (the best " +
                $"measured {F(best)}×). Close other programs and run the timing cell again.";
        }

        Claim.AtLeast(best, floor, $"threads make the CPU-bound job at least {F(floor)}× faster " +
            $"({slices} slices, {cores} cores)");
        return $"✔ No GIL here: threads made CPU-bound work {F(best)}× faster.";
    }

    /// <summary>Describes a run of <c>python/gil_threads.py</c>, and checks that with the GIL on two threads kept no
    /// more than about one core busy.</summary>
    /// <param name="python">The interpreter's name, e.g. "python3".</param>
    /// <param name="numbers">The script's last line: one-thread seconds, two-thread seconds, GIL (1 or 0), cores busy.</param>
    /// <returns>What the run measured, in one or two lines.</returns>
    /// <exception cref="ClaimFailedException">When the GIL was on and the two threads kept 1.3 cores or more busy.</exception>
    public static string DescribeGilRun(string python, IReadOnlyList<double> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var (one, two, gilOn, busy) = (numbers[0], numbers[1], numbers[2] == 1, numbers[3]);
        var speedUp = one / two;
        var line = $"{python}: 1 thread {one:F2} s, 2 threads {two:F2} s: speed-up {F(speedUp)}×, " +
            $"GIL {(gilOn ? "on" : "off")}, {busy:F2} cores busy at once";
        if (!gilOn)
        {
            return line;
        }

        Claim.That(busy < 1.3, "two Python threads with the GIL on keep at most about one core busy",
            $"{F(busy)} cores busy at once");
        return line + Environment.NewLine + (speedUp < 1.1
            ? "→ two threads were no faster than one: they took turns holding the GIL."
            : $"→ the wall clock says {F(speedUp)}×, but the two threads kept only {F(busy)} cores busy at once: " +
                "they took turns holding the GIL, so the gap in wall time came from the machine (other programs " +
                "slowing a timed run), not from running in parallel.");
    }

    /// <summary>Says, in brackets, the cores this process and other programs used, when known.</summary>
    private static string Load(CpuShare? cpu) => cpu is { } c
        ? $" (during these runs, on average, this process kept {c.Ours:F1} cores busy, other programs {c.Others:F1})"
        : string.Empty;

    /// <summary>A one-thread time below which a speed-up is not checked: the Playground's smaller Limit runs in a few ms.</summary>
    private static readonly TimeSpan ShortestMeasurableJob = TimeSpan.FromMilliseconds(100);

    private static double Floor(int cores, int slices) => slices >= 2 * cores ? EvenFloor : UnevenFloor;

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
