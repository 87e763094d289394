using System.Text.Json;
using Plotly.NET;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Renders a Plotly.NET chart as a small HTML fragment that draws with the page's own plotly.js.</summary>
/// <remarks>The fragment holds only the figure JSON. It waits briefly for <c>window.Plotly</c> (defined once
/// by the setup cell, or by the handout's head) and says plainly what to do if it never comes.</remarks>
public static class ChartHtml
{
    /// <summary>The class attribute every chart container carries; handout checks look for it.</summary>
    public const string ContainerClass = "cn-chart";

    /// <summary>The text a chart shows instead when plotly.js never loads.</summary>
    public const string FallbackText =
        "plotly.js is not loaded on this page: run the notebook's setup cell (Notebook.Setup()) and then this cell again.";

    /// <summary>Renders <paramref name="chart"/> as a div plus a script that draws it offline.</summary>
    /// <param name="chart">The chart to render.</param>
    /// <returns>HTML that needs plotly.js on the page but never a network.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="chart"/> is null.</exception>
    public static string Render(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var figureJson = GenericChart.toFigureJson(chart);
        return Render(figureJson);
    }

    /// <summary>Renders a Plotly figure given as JSON (<c>{"data":…,"layout":…}</c>).</summary>
    /// <param name="figureJson">The figure, as Plotly's JSON.</param>
    /// <returns>HTML that needs plotly.js on the page but never a network.</returns>
    public static string Render(string figureJson)
    {
        var id = "cn-" + Guid.NewGuid().ToString("N");
        // A JavaScript string literal (quotes included) for textContent, which shows text as it is: no HTML entities.
        // The default encoder also escapes <, > and &, so the literal cannot end the script element.
        var hint = JsonSerializer.Serialize(FallbackText);
        // "</" inside a script element would end it early; the JSON never needs it unescaped.
        var safeJson = figureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div id="{{id}}" class="{{ContainerClass}}" style="width:100%;min-height:360px"></div>
            <script type="text/javascript">
            (function () {
              var fig = {{safeJson}};
              var tries = 0;
              function draw() {
                var el = document.getElementById("{{id}}");
                if (!el) return;
                if (window.Plotly) {
                  window.Plotly.newPlot(el, fig.data, fig.layout || {}, { responsive: true, displaylogo: false });
                } else if (++tries < 200) {
                  setTimeout(draw, 50);
                } else {
                  el.textContent = {{hint}};
                }
              }
              draw();
            })();
            </script>
            """;
    }
}
