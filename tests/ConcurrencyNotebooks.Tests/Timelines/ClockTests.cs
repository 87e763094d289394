using System.Diagnostics;
using System.Globalization;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class ClockTests
{
    [SkippableFact]
    public void StopwatchTimestamp_ChildProcessMonotonicClock_IsOnTheSameAxis()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the shared-clock and gettid facts are Linux facts");

        Assert.Equal(1_000_000_000, Stopwatch.Frequency);

        var before = Stopwatch.GetTimestamp();
        using var child = Process.Start(new ProcessStartInfo("python3", ["-c", "import time; print(time.monotonic_ns())"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var after = Stopwatch.GetTimestamp();

        var childNs = long.Parse(output.Trim(), CultureInfo.InvariantCulture);
        var childTicks = (long)((Int128)childNs * Stopwatch.Frequency / 1_000_000_000);
        Assert.InRange(childTicks, before, after);
    }
}
