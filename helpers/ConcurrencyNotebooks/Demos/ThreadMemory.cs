using System.Globalization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Measures what a parked thread costs, from <c>/proc</c> (Linux): the address space its stack reserves and
/// the memory the process really uses for it.</summary>
/// <remarks>It starts threads that wait on an event and compares <c>/proc/self/maps</c> and <c>VmRSS</c> before and
/// after. Other threads of the process that allocate at the same moment blur the resident figure a little.</remarks>
public static class ThreadMemory
{
    private const string Maps = "/proc/self/maps";
    private const string Status = "/proc/self/status";

    /// <summary>The sentence a notebook prints where there is no <c>/proc</c> to measure with.</summary>
    public const string NotMeasuredHere = "No /proc here (Windows or macOS): a thread's memory is not measured.";

    /// <summary>Gets whether this system has <c>/proc</c> to measure with (Linux; not Windows or macOS).</summary>
    public static bool IsAvailable => CanRead(Maps, Status);

    /// <summary>Measures <paramref name="threads"/> parked threads and says what one cost, or says that it cannot be measured here.</summary>
    /// <param name="threads">How many threads to start (at least 4, so their stacks stand out).</param>
    /// <returns><see cref="ThreadMemoryCost.Describe"/>'s sentence, or <see cref="NotMeasuredHere"/> without <c>/proc</c>.</returns>
    public static string Report(int threads = 20) => Report(threads, Maps, Status);

    /// <summary>Reports from the given files instead of <c>/proc</c> (tests force the "no /proc" outcome with paths that are not there).</summary>
    internal static string Report(int threads, string maps, string status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 4);
        return CanRead(maps, status) ? MeasureFrom(threads, maps, status).Describe() : NotMeasuredHere;
    }

    private static bool CanRead(string maps, string status) => File.Exists(maps) && File.Exists(status);

    /// <summary>Starts <paramref name="threads"/> parked threads, measures, then releases and joins them.</summary>
    /// <param name="threads">How many threads to start (at least 4, so their stacks stand out).</param>
    /// <returns>The stack reservation of one thread and the resident memory each added.</returns>
    /// <exception cref="PlatformNotSupportedException">When there is no <c>/proc</c>.</exception>
    public static ThreadMemoryCost Measure(int threads = 20) => MeasureFrom(threads, Maps, Status);

    private static ThreadMemoryCost MeasureFrom(int threads, string maps, string status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 4);
        if (!CanRead(maps, status))
        {
            throw new PlatformNotSupportedException("Measuring a thread's memory needs /proc (Linux).");
        }

        var warmUp = new Thread(() => { });
        warmUp.Start();
        warmUp.Join();
        var mapsBefore = ReadMappings(maps);
        var residentBefore = ReadStatusBytes(status, "VmRSS");
        using var release = new ManualResetEvent(false);
        using var started = new CountdownEvent(threads);
        var parked = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            started.Signal();
            release.WaitOne();
        }) { IsBackground = true }).ToList();
        parked.ForEach(thread => thread.Start());
        started.Wait(Notebook.StopToken);
        var mapsAfter = ReadMappings(maps);
        var residentAfter = ReadStatusBytes(status, "VmRSS");
        release.Set();
        parked.ForEach(thread => thread.Join());

        // A thread's stack is one new read-write mapping per thread, all the same size: the largest such size that at
        // least half the threads got (the C library's per-thread heaps are fewer, and one stack may merge with a neighbour).
        var stack = mapsAfter.Except(mapsBefore)
            .Where(mapping => mapping.Permissions.StartsWith("rw", StringComparison.Ordinal))
            .GroupBy(mapping => mapping.Size)
            .Where(sameSize => sameSize.Count() >= threads / 2)
            .Select(sameSize => sameSize.Key)
            .DefaultIfEmpty(0)
            .Max();
        return new ThreadMemoryCost(threads, stack, Math.Max(0, residentAfter - residentBefore) / threads);
    }

    private static HashSet<(long Start, long Size, string Permissions)> ReadMappings(string maps) =>
        File.ReadLines(maps).Select(line =>
        {
            var words = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var range = words[0].Split('-');
            var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (start, end - start, words[1]);
        }).ToHashSet();

    private static long ReadStatusBytes(string status, string key) =>
        long.Parse(File.ReadLines(status).First(line => line.StartsWith(key + ":", StringComparison.Ordinal))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
