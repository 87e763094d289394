using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class DemoTests
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("0.05", 0.05)]
    [InlineData("2", 2.0)]
    public void ReadTimeScale_ValidText_ReturnsScale(string? text, double expected) =>
        Assert.Equal(expected, Demo.ReadTimeScale(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("1000")]
    public void ReadTimeScale_InvalidText_ThrowsNamingTheVariable(string text)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Demo.ReadTimeScale(text));
        Assert.Contains(Demo.TimeScaleVariable, error.Message);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void Seconds_NegativeDuration_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Demo.Seconds(-1));

    [Fact]
    public void Seconds_TimeScaleSet_ScalesByIt()
    {
        var scale = Demo.TimeScale;
        Assert.Equal(TimeSpan.FromSeconds(2 * scale), Demo.Seconds(2));
    }
}
