using Plotly.NET;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Line charts: one line per named series, on shared axes.</summary>
public static partial class QuickChart
{
    /// <summary>Builds a line chart with one line (and markers) per series, such as latency per request for two designs.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="xAxisTitle">The name of the horizontal axis, with its unit.</param>
    /// <param name="valueAxisTitle">The name of the value axis, with its unit.</param>
    /// <param name="series">The lines: a legend name and equally long x and y values each.</param>
    /// <param name="logScale">True for a logarithmic value axis.</param>
    /// <returns>The chart; display it by ending a cell with it.</returns>
    /// <exception cref="ArgumentException">When there is no series, or a series' x and y counts differ or are zero.</exception>
    public static GenericChart Lines(string title, string xAxisTitle, string valueAxisTitle,
        IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("A line chart needs at least one series.", nameof(series));
        }

        var lines = series.Select(s => s.X.Count == 0 || s.X.Count != s.Y.Count
            ? throw new ArgumentException($"The series '{s.Name}' needs one y per x (got {s.X.Count} x and {s.Y.Count} y).", nameof(series))
            : Plotly.NET.CSharp.Chart.Line<double, double, string>(
                x: s.X, y: s.Y, ShowMarkers: new Plotly.NET.CSharp.Optional<bool>(true, true),
                Name: new Plotly.NET.CSharp.Optional<string>(s.Name, true))).ToList();
        var chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<string, string, string>(
            Plotly.NET.CSharp.Chart.Combine(lines), TitleText: xAxisTitle);
        return Titled(chart, title, valueAxisTitle, logScale, width: 720, height: 400);
    }
}
