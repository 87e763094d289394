using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class ThreadMemoryTests
{
    [SkippableFact]
    public void Measure_OnLinux_FindsAStackReservationFarAboveTheResidentCost()
    {
        Skip.IfNot(ThreadMemory.IsAvailable, "no /proc (Windows or macOS): a thread's memory is measured on Linux only");

        var cost = ThreadMemory.Measure(threads: 16);

        // A stack reserves at least 64 KB (the smallest .NET accepts) and whole pages; a parked thread touches few.
        Assert.True(cost.StackReservedBytes >= 64 * 1024, $"stack {cost.StackReservedBytes}");
        Assert.Equal(0, cost.StackReservedBytes % Environment.SystemPageSize);
        Assert.True(cost.ResidentBytesPerThread < cost.StackReservedBytes, $"{cost}");
    }

    [Fact]
    public void Describe_TwoFigures_SaysBothInKilobytes()
    {
        var text = new ThreadMemoryCost(20, 8 * 1024 * 1024, 61 * 1024).Describe();
        Assert.Equal("20 parked threads: each reserved 8,192 KB of address space for its stack, " +
            "and the process's resident memory grew by 61 KB per thread.", text);
    }
}
