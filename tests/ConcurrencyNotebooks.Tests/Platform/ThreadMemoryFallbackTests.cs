using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Platform;

/// <summary>ThreadMemory where there is no /proc (Windows, macOS), forced on Linux with paths that are not there.</summary>
public sealed class ThreadMemoryFallbackTests
{
    [Fact]
    public void Report_NoProc_ReturnsTheSentenceTheNotebookPrints()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var text = ThreadMemory.Report(20, Path.Combine(missing, "maps"), Path.Combine(missing, "status"));

        Assert.Equal(ThreadMemory.NotMeasuredHere, text);
    }

    [SkippableFact]
    public void Report_OnLinux_DescribesTheMeasurement()
    {
        Skip.IfNot(ThreadMemory.IsAvailable, "no /proc (Windows or macOS): a thread's memory is measured on Linux only");

        Assert.StartsWith("16 parked threads: ", ThreadMemory.Report(threads: 16), StringComparison.Ordinal);
    }
}
