using ConcurrencyNotebooks.Charts;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Charts;

public class QuickChartLinesTests
{
    [Fact]
    public void Lines_TwoSeries_BuildsOneNamedScatterLineEach()
    {
        var chart = QuickChart.Lines("Latency", "request", "ms",
            [("blocking", [0.0, 1, 2], [10.0, 250, 900]), ("awaiting", [0.0, 1, 2], [10.0, 11, 10])]);
        var json = GenericChart.toFigureJson(chart);

        using var figure = System.Text.Json.JsonDocument.Parse(json);
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["scatter", "scatter"], data.Select(d => d.GetProperty("type").GetString()));
        Assert.Contains("\"name\":\"blocking\"", json);
        Assert.Contains("\"name\":\"awaiting\"", json);
        Assert.Contains("900", json);
        Assert.Contains("request", json);
        Assert.Contains("Latency", json);
    }

    [Fact]
    public void Lines_CountsDiffer_ThrowsNamingTheSeries()
    {
        var error = Assert.Throws<ArgumentException>(() => QuickChart.Lines("t", "x", "y", [("odd", [1.0], [1.0, 2.0])]));
        Assert.Contains("'odd'", error.Message);
        Assert.Contains("1 x and 2 y", error.Message);
    }

    [Fact]
    public void Lines_NoSeries_Throws() =>
        Assert.Throws<ArgumentException>(() => QuickChart.Lines("t", "x", "y", []));
}
