using System.Net;
using ConcurrencyNotebooks.Charts;
using Plotly.NET;

namespace ConcurrencyNotebooks.Apps;

/// <summary>Renders a chart as a whole HTML page that carries plotly.js, so it opens offline in any browser.</summary>
public static class ChartPage
{
    /// <summary>Renders <paramref name="chart"/> as a standalone page.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="title">The page title.</param>
    /// <returns>The HTML page.</returns>
    public static string Render(GenericChart chart, string title) =>
        $"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
        {PlotlyScript.ScriptElement()}
        </head><body>
        {ChartHtml.Render(chart)}
        </body></html>

        """;
}
