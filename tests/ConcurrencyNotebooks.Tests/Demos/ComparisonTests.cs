using ConcurrencyNotebooks.Demos;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Demos;

public class ComparisonTests
{
    private static Comparison Sample()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "async", TimeSpan.FromMilliseconds(100));
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(800));
        comparison.Record("CPU", "threads", TimeSpan.FromMilliseconds(400));
        return comparison;
    }

    [Fact]
    public void SpeedUp_AgainstFirstMethodOfJob_IsRatio()
    {
        var comparison = Sample();
        Assert.Equal(10.0, comparison.SpeedUp("I/O", "async"), 6);
        Assert.Equal(2.0, comparison.SpeedUp("CPU", "threads"), 6);
        Assert.Equal("async", comparison.Fastest("I/O"));
    }

    [Fact]
    public void Record_SamePairTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => { var c = Sample(); c.Record("CPU", "threads", TimeSpan.FromSeconds(1)); });

    [Fact]
    public void ToHtml_HasRowPerMethodAndBlankForMissingPairs()
    {
        var html = Sample().ToHtml();
        Assert.Contains("<td>async</td>", html);
        Assert.Contains("10.0×", html);
        Assert.Contains("<td></td><td></td>", html);
    }

    [Fact]
    public void Chart_HasOneTracePerJob()
    {
        var json = GenericChart.toFigureJson(Sample().Chart());
        Assert.Contains("\"name\":\"I/O\"", json);
        Assert.Contains("\"name\":\"CPU\"", json);
    }

    [Fact]
    public void Time_Missing_ThrowsNamingPair()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Sample().Time("CPU", "async"));
        Assert.Contains("'async' on 'CPU'", error.Message);
    }

    [Fact]
    public void Measure_SeveralMethods_TimesThemInInterleavedRoundsAfterAWarmUpRound()
    {
        var comparison = new Comparison();
        var calls = new List<string>();
        comparison.Measure("job", 2, ("first", () => { calls.Add("first"); Thread.Sleep(1); }), ("second", () => { calls.Add("second"); Thread.Sleep(1); }));

        Assert.Equal(["first", "second"], comparison.Methods);
        Assert.Equal(["first", "second", "first", "second", "first", "second"], calls);
        Assert.Equal(1.0, comparison.SpeedUp("job", "first"), 6);
    }

    [Fact]
    public void Measure_NameGivenTwice_ThrowsNamingItBeforeRunningAnything()
    {
        var calls = 0;
        var error = Assert.Throws<ArgumentException>(() => new Comparison().Measure("job", 1, ("same", () => calls++), ("same", () => calls++)));
        Assert.Contains("'same' is given twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Measure_MethodRecordedAlready_ThrowsBeforeRunningAnything()
    {
        var comparison = new Comparison();
        comparison.Record("job", "done", TimeSpan.FromMilliseconds(5));
        var calls = 0;
        var error = Assert.Throws<ArgumentException>(() => comparison.Measure("job", 1, ("done", () => calls++)));
        Assert.Contains("recorded already", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Measure_NoMethods_ThrowsNamingTheJob()
    {
        var error = Assert.Throws<ArgumentException>(() => new Comparison().Measure("the job", 1));
        Assert.Contains("the job", error.Message);
    }
}
