using System.Diagnostics;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

public sealed class PipeCapacityTests
{
    [Fact]
    public void PipeCapacity_ChildProcessStdin_IsKnownOnLinux()
    {
        Assert.True(OperatingSystem.IsLinux(), "the pool's inline writes rely on F_GETPIPE_SZ, which only Linux has");
        using var cat = Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true })!;
        try
        {
            Assert.True(PipeCapacity.Of(cat.StandardInput.BaseStream) >= 4096);
        }
        finally
        {
            cat.Kill();
        }
    }

    [Fact]
    public void PipeCapacity_NotAPipe_IsZero() => Assert.Equal(0, PipeCapacity.Of(new MemoryStream()));
}
