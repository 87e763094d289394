using ConcurrencyNotebooks.Charts;
using Plotly.NET;

namespace ConcurrencyNotebooks.Tests.Charts;

public class QuickChartTests
{
    [Fact]
    public void Columns_LabelsAndValues_BuildsTitledBarFigure()
    {
        var chart = QuickChart.Columns("Speed-up", ["1 thread", "2 threads"], [1.0, 1.9], "×");
        var json = GenericChart.toFigureJson(chart);

        Assert.Contains("\"type\":\"bar\"", json);
        Assert.Contains("2 threads", json);
        Assert.Contains("Speed-up", json);
        Assert.Contains("1.9", json);
    }

    [Fact]
    public void Columns_LogScale_SetsLogAxis() =>
        Assert.Contains("\"type\":\"log\"", GenericChart.toFigureJson(QuickChart.Columns("t", ["a", "b"], [1.0, 1000.0], "µs", logScale: true)));

    [Fact]
    public void Columns_CountsDiffer_ThrowsNamingBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => QuickChart.Columns("t", ["a"], [1.0, 2.0], "y"));
        Assert.Contains("1 labels and 2 values", error.Message);
    }

    [Fact]
    public void ChartHtml_Render_WaitsForPlotlyAndEscapesScriptEnd()
    {
        var html = ChartHtml.Render("{\"data\":[{\"type\":\"bar\",\"name\":\"</script>\"}],\"layout\":{}}");

        Assert.Contains($"class=\"{ChartHtml.ContainerClass}\"", html);
        Assert.Contains("window.Plotly", html);
        Assert.DoesNotContain("\"</script>\"", html);
        Assert.Contains("Notebook.Setup()", html);
    }

    [Fact]
    public void ChartHtml_Render_FallbackIsAJavaScriptStringNotHtmlEntities()
    {
        var html = ChartHtml.Render("{\"data\":[],\"layout\":{}}");
        var literal = System.Text.RegularExpressions.Regex.Match(html, @"el\.textContent = (""[^""]*"");");

        Assert.True(literal.Success, "the fallback assigns one string literal to textContent");
        Assert.DoesNotContain("&#39;", html);
        Assert.Equal(ChartHtml.FallbackText, System.Text.Json.JsonSerializer.Deserialize<string>(literal.Groups[1].Value));
    }

    [Fact]
    public void PlotlyScript_Source_IsTheBasicBundleOfPlotlyNetsVersion()
    {
        Assert.Equal(PlotlyScript.PlotlyNetVersion, PlotlyScript.Version);
        Assert.Contains("plotly.js (basic - minified) v" + PlotlyScript.Version, PlotlyScript.Source);
        Assert.InRange(PlotlyScript.Source.Length, 900_000, 1_200_000);
        Assert.Contains(PlotlyScript.MarkerAttribute, PlotlyScript.ScriptElement());
    }
}
