using System.Globalization;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Writes the guide's closing table again from a <see cref="Comparison"/>: one row per kind of concurrency, its
/// measured speed-ups (cold / warm) on an I/O-bound and a CPU-bound job, and what it is best for.</summary>
/// <example><code>
/// new ComparisonTable(comparison, Io, Cpu).Row("Threads", "threads", "threads", "CPU-bound work").ToMarkdown()
/// </code></example>
public sealed class ComparisonTable
{
    private readonly Comparison _comparison;
    private readonly string _io;
    private readonly string _cpu;
    private readonly List<string> _rows = [];

    /// <summary>Starts a table of <paramref name="comparison"/>'s figures for the two jobs.</summary>
    /// <param name="comparison">The measurements.</param>
    /// <param name="io">The I/O-bound job.</param>
    /// <param name="cpu">The CPU-bound job.</param>
    public ComparisonTable(Comparison comparison, string io, string cpu)
    {
        _comparison = comparison;
        _io = io;
        _cpu = cpu;
    }

    /// <summary>Adds a row: the method's figures on each job, and what it is best for.</summary>
    /// <param name="name">The row's name, markdown.</param>
    /// <param name="ioMethod">The method measured on the I/O-bound job.</param>
    /// <param name="cpuMethod">The method measured on the CPU-bound job.</param>
    /// <param name="bestFor">What it is best for, markdown.</param>
    /// <param name="cpuAlso">A second CPU-bound method shown beside the first, such as a variant with <c>Task.Run</c>.</param>
    /// <returns>This table.</returns>
    /// <exception cref="KeyNotFoundException">When a method was not measured on its job.</exception>
    public ComparisonTable Row(string name, string ioMethod, string cpuMethod, string bestFor, string? cpuAlso = null)
    {
        var cpu = Figures(_cpu, cpuMethod) + (cpuAlso is null ? "" : $" (`{cpuAlso}`: {Figures(_cpu, cpuAlso)})");
        _rows.Add($"| {name} | {Figures(_io, ioMethod)} | {cpu} | {bestFor} |");
        return this;
    }

    /// <summary>Renders the table, then each job's verdict (its fastest method, or why none is named) and legend.</summary>
    /// <returns>Markdown.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| Method | I/O-bound speed-up (cold / warm) | CPU-bound speed-up (cold / warm) | Best for, in .NET |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine().AppendLine($"{_comparison.Verdict(_io)} {_comparison.Verdict(_cpu)}");
        return text.AppendLine().Append($"{_comparison.Legend(_io)} {_comparison.Legend(_cpu)}").ToString();
    }

    private string Figures(string job, string method) => string.Create(CultureInfo.InvariantCulture,
        $"{_comparison.ColdSpeedUp(job, method):0.0}× / {_comparison.SpeedUp(job, method):0.0}×");
}
