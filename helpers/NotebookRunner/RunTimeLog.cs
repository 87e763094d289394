using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>Each notebook's last Run All time at each time scale, kept in <c>run-times.json</c> in the artifacts folder.</summary>
/// <remarks>A run at one scale replaces that scale's entry for the notebooks it ran and keeps everything else, so a class
/// run and a CI-scale run into the same folder both reach the facilitator page.</remarks>
internal sealed partial class RunTimeLog
{
    /// <summary>The log's file name inside the artifacts folder.</summary>
    public const string FileName = "run-times.json";

    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    private readonly SortedDictionary<string, SortedDictionary<string, RunTime>> _byScale;

    private RunTimeLog(SortedDictionary<string, SortedDictionary<string, RunTime>> byScale) => _byScale = byScale;

    /// <summary>Gets the time scales that have entries, as the kernel printed them (e.g. "1", "0.05").</summary>
    public IEnumerable<string> Scales => _byScale.Keys;

    /// <summary>Reads the log in <paramref name="outputDirectory"/>; an empty log when there is none or it is unreadable.</summary>
    /// <param name="outputDirectory">The artifacts folder.</param>
    /// <returns>The log.</returns>
    public static RunTimeLog Load(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        try
        {
            var byScale = File.Exists(path)
                ? JsonSerializer.Deserialize<SortedDictionary<string, SortedDictionary<string, RunTime>>>(File.ReadAllText(path), _json)
                : null;
            return new RunTimeLog(byScale ?? []);
        }
        catch (JsonException)
        {
            return new RunTimeLog([]); // a damaged log is rebuilt by the next run
        }
    }

    /// <summary>Records <paramref name="result"/> under the time scale its setup cell printed.</summary>
    /// <param name="result">A notebook run.</param>
    /// <param name="fallbackScale">The scale to file it under when no setup output names one.</param>
    public void Record(NotebookRunResult result, string fallbackScale)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scale = ScaleOf(result) ?? fallbackScale;
        if (!_byScale.TryGetValue(scale, out var runs))
        {
            _byScale[scale] = runs = [];
        }

        runs[result.Name] = new RunTime(result.Duration.TotalSeconds, result.Status == NotebookStatus.Passed, result.Started + result.Duration);
    }

    /// <summary>Records a run of <paramref name="notebook"/> at <paramref name="scale"/> (an exported app's, for instance).</summary>
    /// <param name="notebook">The notebook's name without extension.</param>
    /// <param name="scale">The time scale.</param>
    /// <param name="run">The run.</param>
    public void Record(string notebook, string scale, RunTime run)
    {
        if (!_byScale.TryGetValue(scale, out var runs))
        {
            _byScale[scale] = runs = [];
        }

        runs[notebook] = run;
    }

    /// <summary>Gets the last run of <paramref name="notebook"/> at <paramref name="scale"/>, or null.</summary>
    /// <param name="notebook">The notebook's name without extension.</param>
    /// <param name="scale">The time scale.</param>
    /// <returns>The run, or null when none is recorded.</returns>
    public RunTime? Find(string notebook, string scale) =>
        _byScale.TryGetValue(scale, out var runs) && runs.TryGetValue(notebook, out var run) ? run : null;

    /// <summary>Writes the log into <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">The artifacts folder.</param>
    public void Save(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, FileName), JsonSerializer.Serialize(_byScale, _json));
    }

    /// <summary>Reads the time scale from the setup cell's line "… time scale 0.05 …", as the kernel saw it.</summary>
    internal static string? ScaleOf(NotebookRunResult result) => ScaleOf(result.ExecutedNotebook);

    /// <summary>Reads the time scale from an executed notebook's setup output, or null.</summary>
    internal static string? ScaleOf(NotebookDocument executed)
    {
        foreach (var cell in executed.Cells.Where(cell => cell.IsCode))
        {
            foreach (var output in cell.Node["outputs"]?.AsArray() ?? [])
            {
                var match = ScaleLine().Match(NotebookCell.JoinText(output?["text"]));
                if (match.Success)
                {
                    return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"Concurrency Notebooks ready:.*time scale ([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex ScaleLine();

    /// <summary>One notebook's last run at one scale.</summary>
    /// <param name="Seconds">Run All, kernel start included.</param>
    /// <param name="Passed">Whether every cell behaved.</param>
    /// <param name="Finished">When the run ended.</param>
    public sealed record RunTime(double Seconds, bool Passed, DateTimeOffset Finished);
}
