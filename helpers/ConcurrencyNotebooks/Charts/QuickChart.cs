using Plotly.NET;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Builds the few plain Plotly.NET charts the notebooks need, with titles and axis names in one call.</summary>
/// <remarks>Plotly.NET's own API is open to any cell after <c>Notebook.Setup()</c>; this only spares a
/// cell the F#-style optional arguments. Every method returns a fresh chart and is thread-safe.</remarks>
public static partial class QuickChart
{
    /// <summary>Builds a column chart: one bar per label, its value printed on the bar.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="labels">The bar labels, left to right.</param>
    /// <param name="values">One value per label.</param>
    /// <param name="valueAxisTitle">The name of the value axis, with its unit.</param>
    /// <param name="valueFormat">How each value is printed on its bar (a .NET format string).</param>
    /// <param name="logScale">True for a logarithmic value axis, for values that differ by orders of magnitude.</param>
    /// <returns>The chart; display it by ending a cell with it.</returns>
    /// <exception cref="ArgumentException">When the label and value counts differ or are zero.</exception>
    public static GenericChart Columns(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueAxisTitle, string valueFormat = "0.##", bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (labels.Count == 0 || labels.Count != values.Count)
        {
            throw new ArgumentException($"A column chart needs one value per label (got {labels.Count} labels and {values.Count} values).", nameof(values));
        }

        var chart = Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: values,
            Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(labels, true),
            MultiText: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(values.Select(v => v.ToString(valueFormat, System.Globalization.CultureInfo.InvariantCulture)), true),
            TextPosition: new Plotly.NET.CSharp.Optional<StyleParam.TextPosition>(StyleParam.TextPosition.Auto, true));
        return Titled(chart, title, valueAxisTitle, logScale, width: 640, height: 380);
    }

    /// <summary>Gives a chart its title, value-axis title (linear or log) and size: the one place the notebooks' charts are dressed.</summary>
    internal static GenericChart Titled(GenericChart chart, string title, string valueAxisTitle, bool logScale, int width, int height)
    {
        var titled = Chart.withTitle(title, null).Invoke(chart);
        titled = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<string, string, string>(
            titled,
            TitleText: valueAxisTitle,
            AxisType: logScale ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        return Plotly.NET.CSharp.GenericChartExtensions.WithSize(titled, Width: width, Height: height);
    }
}
