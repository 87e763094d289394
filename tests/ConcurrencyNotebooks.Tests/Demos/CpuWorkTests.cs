using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class CpuWorkTests
{
    [Fact]
    public void CountPrimes_BelowHundred_Returns25() =>
        Assert.Equal(25, CpuWork.CountPrimes(0, 100));

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 7)]
    [InlineData(99_991, 64)]
    public void Split_AnyParts_CoversEveryNumberOnce(int limit, int parts)
    {
        var ranges = CpuWork.Split(limit, parts);
        Assert.Equal(parts, ranges.Count);
        Assert.Equal(0, ranges[0].From);
        Assert.Equal(limit, ranges[^1].To);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].To, ranges[i].From);
        }

        Assert.Equal(CpuWork.CountPrimes(0, limit), ranges.Sum(r => CpuWork.CountPrimes(r.From, r.To)));
    }

    [Fact]
    public void Split_ZeroParts_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.Split(10, 0));
}
