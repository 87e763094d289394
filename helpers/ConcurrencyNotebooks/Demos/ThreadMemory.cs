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

    /// <summary>Gets whether this system has <c>/proc</c> to measure with (Linux; not Windows or macOS).</summary>
    public static bool IsAvailable => File.Exists(Maps) && File.Exists(Status);

    /// <summary>Starts <paramref name="threads"/> parked threads, measures, then releases and joins them.</summary>
    /// <param name="threads">How many threads to start (at least 4, so their stacks stand out).</param>
    /// <returns>The stack reservation of one thread and the resident memory each added.</returns>
    /// <exception cref="PlatformNotSupportedException">When there is no <c>/proc</c>.</exception>
    public static ThreadMemoryCost Measure(int threads = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 4);
        if (!IsAvailable)
        {
            throw new PlatformNotSupportedException("Measuring a thread's memory needs /proc (Linux).");
        }

        var warmUp = new Thread(() => { });
        warmUp.Start();
        warmUp.Join();
        var mapsBefore = ReadMappings();
        var residentBefore = ReadStatusBytes("VmRSS");
        using var release = new ManualResetEvent(false);
        using var started = new CountdownEvent(threads);
        var parked = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            started.Signal();
            release.WaitOne();
        }) { IsBackground = true }).ToList();
        parked.ForEach(thread => thread.Start());
        started.Wait(Notebook.StopToken);
        var mapsAfter = ReadMappings();
        var residentAfter = ReadStatusBytes("VmRSS");
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

    private static HashSet<(long Start, long Size, string Permissions)> ReadMappings() =>
        File.ReadLines(Maps).Select(line =>
        {
            var words = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var range = words[0].Split('-');
            var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (start, end - start, words[1]);
        }).ToHashSet();

    private static long ReadStatusBytes(string key) =>
        long.Parse(File.ReadLines(Status).First(line => line.StartsWith(key + ":", StringComparison.Ordinal))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
