using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Collects wall times of the same jobs run by several methods, and shows them as a table and a chart of speed-ups.</summary>
/// <remarks>The first method recorded for a job is its baseline (speed-up 1×). Not thread-safe: record from the cell's thread.</remarks>
/// <example><code>
/// var comparison = new Comparison();
/// comparison.Record("CPU-bound", "sequential", sequentialTime);
/// comparison.Record("CPU-bound", "threads", threadTime);
/// comparison.Chart()
/// </code></example>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(ComparisonFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Comparison
{
    private readonly List<(string Job, string Method, TimeSpan Time)> _rows = [];

    /// <summary>Gets the recorded measurements, in the order they were recorded.</summary>
    public IReadOnlyList<(string Job, string Method, TimeSpan Time)> Rows => _rows;

    /// <summary>Records the wall time of <paramref name="method"/> on <paramref name="job"/>.</summary>
    /// <param name="job">The job, such as "I/O-bound".</param>
    /// <param name="method">The method, such as "threads".</param>
    /// <param name="time">The measured wall time.</param>
    /// <exception cref="ArgumentException">When the time is not positive or the pair was recorded already.</exception>
    public void Record(string job, string method, TimeSpan time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        if (time <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The time of '{method}' on '{job}' must be positive, not {time}.", nameof(time));
        }

        ThrowIfRecorded(job, [method], nameof(method));
        _rows.Add((job, method, time));
    }

    /// <summary>Times the methods on <paramref name="job"/> in interleaved rounds (<see cref="Demos.Measure.BestOfEach{TKey}(IEnumerable{TKey}, Action{TKey}, int, CancellationToken)"/>)
    /// and records each one's best time, showing progress under the cell.</summary>
    /// <param name="job">The job the methods do, such as "I/O-bound".</param>
    /// <param name="runs">How many timed rounds, after one warm-up round; each round runs every method once.</param>
    /// <param name="methods">The methods: a name and the code that does the whole job once.</param>
    /// <remarks>Interleaving spreads a slow spell of the machine over every method, instead of handing it to whichever
    /// method was being timed: on a 2-core machine that decides whether a method looks 1.0× or 1.9×.</remarks>
    /// <exception cref="ArgumentException">When no method is given, a name repeats, or one was recorded already.</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop between runs.</exception>
    public void Measure(string job, int runs, params (string Method, Action Run)[] methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Length == 0)
        {
            throw new ArgumentException($"Give at least one method to measure on '{job}'.", nameof(methods));
        }

        var runsByName = methods.DistinctBy(m => m.Method).ToDictionary(m => m.Method, m => m.Run);
        if (runsByName.Count != methods.Length)
        {
            throw new ArgumentException($"Each method needs its own name; '{methods.GroupBy(m => m.Method).First(g => g.Count() > 1).Key}' is given twice.", nameof(methods));
        }

        ThrowIfRecorded(job, runsByName.Keys, nameof(methods));
        var best = Demos.Measure.BestOfEach(runsByName.Keys, method => runsByName[method](), runs, $"measuring {job}", CancellationToken.None);
        foreach (var (method, _) in methods)
        {
            Record(job, method, best[method]);
        }
    }

    private void ThrowIfRecorded(string job, IEnumerable<string> methods, string parameter)
    {
        if (methods.FirstOrDefault(method => _rows.Any(r => r.Job == job && r.Method == method)) is { } recorded)
        {
            throw new ArgumentException($"'{recorded}' on '{job}' is recorded already.", parameter);
        }
    }

    /// <summary>Gets the jobs, in the order first recorded.</summary>
    public IReadOnlyList<string> Jobs => _rows.Select(r => r.Job).Distinct().ToList();

    /// <summary>Gets the methods, in the order first recorded.</summary>
    public IReadOnlyList<string> Methods => _rows.Select(r => r.Method).Distinct().ToList();

    /// <summary>Gets the wall time of a method on a job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The recorded time.</returns>
    /// <exception cref="KeyNotFoundException">When that pair was not recorded.</exception>
    public TimeSpan Time(string job, string method) =>
        _rows.FirstOrDefault(r => r.Job == job && r.Method == method) is { Job: not null } row
            ? row.Time
            : throw new KeyNotFoundException($"No time recorded for '{method}' on '{job}'.");

    /// <summary>Gets how many times faster a method ran a job than the job's baseline (its first recorded method).</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>Baseline time divided by the method's time.</returns>
    public double SpeedUp(string job, string method) => Baseline(job).Time / Time(job, method);

    /// <summary>Gets the fastest method for a job.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The method with the shortest time.</returns>
    public string Fastest(string job) => _rows.Where(r => r.Job == job).MinBy(r => r.Time).Method
        ?? throw new KeyNotFoundException($"Nothing recorded for '{job}'.");

    /// <summary>Builds a grouped column chart of speed-ups: one group per method, one colour per job.</summary>
    /// <param name="title">The chart title.</param>
    /// <returns>The chart.</returns>
    public GenericChart Chart(string title = "Speed-up over the sequential run (higher is better)")
    {
        var methods = Methods;
        var charts = Jobs.Select(job => Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: methods.Select(m => Has(job, m) ? SpeedUp(job, m) : 0).ToList(),
            Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(methods, true),
            Name: new Plotly.NET.CSharp.Optional<string>(job, true),
            MultiText: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(methods.Select(m => Has(job, m) ? SpeedUp(job, m).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "").ToList(), true),
            TextPosition: new Plotly.NET.CSharp.Optional<StyleParam.TextPosition>(StyleParam.TextPosition.Auto, true)));
        return Charts.QuickChart.Titled(Plotly.NET.CSharp.Chart.Combine(charts), title, "speed-up (×)", logScale: false, width: 760, height: 420);
    }

    /// <summary>Renders the measurements as an HTML table: one row per method, time and speed-up per job.</summary>
    /// <returns>An HTML table.</returns>
    public string ToHtml()
    {
        var html = new StringBuilder("<table><thead><tr><th>method</th>");
        foreach (var job in Jobs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(job)}: time</th><th>{Encode(job)}: speed-up</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var method in Methods)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(method)}</td>");
            foreach (var job in Jobs)
            {
                html.Append(Has(job, method)
                    ? string.Create(CultureInfo.InvariantCulture, $"<td style=\"text-align:right\">{Time(job, method).TotalMilliseconds:N0} ms</td><td style=\"text-align:right\">{SpeedUp(job, method):0.0}×</td>")
                    : "<td></td><td></td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Renders the measurements as a plain-text table.</summary>
    /// <returns>One line per method.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("method".PadRight(24));
        foreach (var job in Jobs)
        {
            text.Append(job.PadLeft(24));
        }

        foreach (var method in Methods)
        {
            text.AppendLine().Append(method.PadRight(24));
            foreach (var job in Jobs)
            {
                text.Append((Has(job, method) ? string.Create(CultureInfo.InvariantCulture, $"{Time(job, method).TotalMilliseconds:N0} ms ({SpeedUp(job, method):0.0}×)") : "").PadLeft(24));
            }
        }

        return text.ToString();
    }

    private bool Has(string job, string method) => _rows.Any(r => r.Job == job && r.Method == method);

    private (string Job, string Method, TimeSpan Time) Baseline(string job) =>
        _rows.FirstOrDefault(r => r.Job == job) is { Job: not null } row ? row : throw new KeyNotFoundException($"Nothing recorded for '{job}'.");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
