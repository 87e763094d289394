using System.Globalization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>The CPU time the whole machine and this process had used at one moment, in clock ticks, from <c>/proc</c> (Linux).</summary>
/// <param name="Total">Every core's time since boot, busy or idle (the first line of <c>/proc/stat</c>).</param>
/// <param name="Idle">The part of <paramref name="Total"/> the cores spent idle or waiting for I/O.</param>
/// <param name="Process">This process's user and system time (<c>/proc/self/stat</c>).</param>
/// <param name="Cores">How many cores <c>/proc/stat</c> lists.</param>
/// <remarks>Both files count in the same unit (USER_HZ), so two samples give the cores used between them
/// (source: the <c>proc(5)</c> manual page, <c>/proc/stat</c> and <c>/proc/pid/stat</c>).</remarks>
public readonly record struct CpuSample(long Total, long Idle, long Process, int Cores)
{
    private const string MachineStat = "/proc/stat";
    private const string ProcessStat = "/proc/self/stat";

    /// <summary>Samples now, or returns null where there is no <c>/proc</c> or its cores are not the ones .NET may use.</summary>
    /// <returns>The sample, or null.</returns>
    public static CpuSample? TryTake() => TryTake(MachineStat, ProcessStat);

    /// <summary>Samples from the given files instead of <c>/proc</c> (tests force the "not reported" outcome with paths that are not there).</summary>
    internal static CpuSample? TryTake(string machineStat, string processStat)
    {
        try
        {
            var (total, idle, cores) = ReadMachine(machineStat);
            var process = ReadProcess(processStat);

            // In a container limited to fewer cores than the host has, the host's other programs are not ours to blame.
            return cores == Environment.ProcessorCount ? new CpuSample(total, idle, process, cores) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static (long Total, long Idle, int Cores) ReadMachine(string path)
    {
        var lines = File.ReadAllLines(path);
        var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields[0] != "cpu")
        {
            throw new FormatException($"{path} does not start with the all-cores line.");
        }

        // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
        var ticks = fields.Skip(1).Take(8).Select(Parse).ToArray();
        var cores = lines.Count(line => line.StartsWith("cpu", StringComparison.Ordinal) && line.Length > 3 && char.IsAsciiDigit(line[3]));
        return (ticks.Sum(), ticks[3] + ticks[4], cores);
    }

    private static long ReadProcess(string path)
    {
        // The command name in parentheses may hold spaces, so count fields after its closing parenthesis:
        // utime and stime are fields 14 and 15, the 12th and 13th after it.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return Parse(fields[11]) + Parse(fields[12]);
    }

    private static long Parse(string field) => long.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture);
}
