using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConcurrencyNotebooks.Demos;

namespace NotebookRunner;

/// <summary>Writes <c>facilitator.html</c>: a workshop plan built from the notebooks and their last runs, the knobs, what
/// each exercise checks, and what to do when a cell is stopped or the kernel must restart.</summary>
/// <remarks>Every figure comes from a run (<see cref="RunTimeLog"/>) or from the notebooks' own text; the only typed numbers
/// are the planning rates, stated on the page.</remarks>
public static partial class FacilitatorPage
{
    /// <summary>The page's file name inside the artifacts folder.</summary>
    public const string FileName = "facilitator.html";

    /// <summary>Words of markdown a class reads and discusses per minute, for the plan.</summary>
    public const int WordsPerMinute = 120;

    /// <summary>Minutes the plan allows for each exercise.</summary>
    public const int MinutesPerExercise = 10;

    private const string ClassScale = "1";
    private const string CiScale = "0.05";

    // Where app-handout writes by default, next to this page: its run-times.json fills the "As an app" column.
    private const string AppsFolder = "apps";

    /// <summary>Writes the page for <paramref name="notebooks"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="notebooks">The source notebooks, in workshop order.</param>
    /// <param name="log">The last run times.</param>
    /// <param name="runnerCommand">The runner's command line, whose options are the run knobs.</param>
    /// <param name="documentation">The helpers library's XML documentation file, for what each check verifies; may be missing.</param>
    /// <param name="outputDirectory">The artifacts folder.</param>
    /// <returns>The path of the written page.</returns>
    public static string Write(IReadOnlyList<string> notebooks, RunTimeLog log, Command runnerCommand, string documentation, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, FileName);
        var docs = File.Exists(documentation) ? XDocument.Load(documentation) : null;
        var appLog = RunTimeLog.Load(Path.Combine(outputDirectory, AppsFolder));
        File.WriteAllText(path, Render(notebooks.Select(NotebookDocument.Load).Zip(notebooks, (document, file) => (Path.GetFileNameWithoutExtension(file), document)).ToList(), log, runnerCommand, docs, appLog));
        return path;
    }

    /// <summary>Renders the page.</summary>
    internal static string Render(IReadOnlyList<(string Name, NotebookDocument Document)> notebooks, RunTimeLog log, Command runnerCommand, XDocument? docs,
        RunTimeLog? appLog = null)
    {
        var plan = new StringBuilder();
        var exercises = new StringBuilder();
        var totalMinutes = 0;
        foreach (var (name, document) in notebooks)
        {
            var markdown = document.Cells.Where(cell => cell.CellType == "markdown").Select(cell => cell.Source).ToList();
            var words = markdown.Sum(text => WordPattern().Count(text));
            var readMinutes = (int)Math.Ceiling(words / (double)WordsPerMinute);
            var found = ExercisesOf(document, docs).ToList();
            var classRun = log.Find(name, ClassScale);
            var slot = RoundUpTo5(readMinutes + (classRun?.Seconds ?? 0) / 60 + MinutesPerExercise * found.Count);
            totalMinutes += slot;
            plan.Append("<tr><td><a href=\"").Append(Uri.EscapeDataString(name)).Append(".html\">").Append(Encode(TitleOf(document, name))).Append("</a></td>")
                .Append("<td class=\"number\">").Append(words.ToString("N0", CultureInfo.InvariantCulture)).Append(" words, ~").Append(readMinutes).Append(" min</td>")
                .Append("<td class=\"number\">").Append(Time(classRun, name, ClassScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(Time(log.Find(name, CiScale), name, CiScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(Time(appLog?.Find(name, ClassScale), name, ClassScale)).Append(" · ")
                .Append(Time(appLog?.Find(name, CiScale), name, CiScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(found.Count).Append("</td>")
                .Append("<td class=\"number\"><b>").Append(slot).Append(" min</b></td></tr>\n");
            foreach (var exercise in found)
            {
                exercises.Append("<tr><td>").Append(Encode(name)).Append("</td><td><b>").Append(Encode(exercise.Title)).Append("</b> ")
                    .Append(Encode(exercise.Task)).Append("</td><td>").Append(Encode(exercise.Checks)).Append("</td></tr>\n");
            }
        }

        var knobs = new StringBuilder()
            .Append("<tr><td><code>").Append(Demo.TimeScaleVariable).Append("</code> (environment) or <code>Demo.TimeScale</code> (a cell after setup)</td>")
            .Append("<td>Multiplies every waiting demo: 1 in class, 0.05 in the test suite. Every sentence about what the class sees is checked at both.</td></tr>\n");
        foreach (var option in runnerCommand.Options.Where(option => !option.Hidden && option.Name.StartsWith("--", StringComparison.Ordinal) && option.Name is not "--help" and not "--version"))
        {
            knobs.Append("<tr><td><code>runner ").Append(Encode(option.Name)).Append("</code></td><td>").Append(Encode(option.Description ?? "")).Append("</td></tr>\n");
        }

        var missing = new[] { ClassScale, CiScale }.Where(scale => !log.Scales.Contains(scale))
            .Select(scale => $"<p class=\"note\">No run at time scale {scale} in this folder yet: <code>dotnet run --project helpers/NotebookRunner -- notebooks --env {Demo.TimeScaleVariable}={scale}</code> fills its column.</p>");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Concurrency Notebooks: facilitator's page</title>
            <style>
            body { margin: 0; color: #1f2328; font: 16px/1.5 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
            main { max-width: 1080px; margin: 0 auto; padding: 24px 28px; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 16px; }
            th, td { border-bottom: 1px solid #d0d7de; padding: 6px 10px; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            .number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .note { color: #6e7781; font-size: 14px; }
            .failed { color: #cf222e; }
            a { color: #0969da; }
            </style>
            </head>
            <body>
            <main>
            <h1>Facilitator's page</h1>
            <p>Generated by the runner from the notebooks and their last runs in this folder. <a href="index.html">Run results</a>.</p>
            <h2>Workshop plan</h2>
            <table>
            <thead><tr><th>In this order</th><th class="number">Reading</th><th class="number">Run All, class (1)</th><th class="number">Run All, CI (0.05)</th><th class="number">As an app (1 · 0.05)</th><th class="number">Exercises</th><th class="number">Slot</th></tr></thead>
            <tbody>
            {{plan}}<tr><td colspan="6"><b>Total</b></td><td class="number"><b>{{totalMinutes}} min</b></td></tr>
            </tbody>
            </table>
            <p class="note">Slot = reading at {{WordsPerMinute}} words a minute (read aloud and discussed) + Run All at class scale + {{MinutesPerExercise}} min per exercise, rounded up to 5 min. Run All includes the kernel's start; a red time is a run that failed. As an app: the lesson run as a file-based app with no kernel (<code>dotnet run --project helpers/NotebookRunner -- app-handout</code>, its own start included).</p>
            {{string.Join("\n", missing)}}
            <h2>Exercises and what their checks verify</h2>
            <p>A check cell throws until the exercise is answered (the runner requires it), and also rejects a sequential or hard-coded answer.</p>
            <table>
            <thead><tr><th>Notebook</th><th>Exercise</th><th>The check verifies</th></tr></thead>
            <tbody>
            {{exercises}}</tbody>
            </table>
            <h2>Knobs</h2>
            <table>
            <thead><tr><th>Knob</th><th>What it does</th></tr></thead>
            <tbody>
            {{knobs}}</tbody>
            </table>
            <h2>When a cell is stopped, or the kernel must restart</h2>
            <ul>
            <li><b>Stop</b> (the cell's square button) cancels <code>Notebook.StopToken</code>. The demos' waits, the process pool's calls and the Python twins stop; a loop of your own that never reads the token keeps running and blocks every later cell. Then restart.</li>
            <li><b>Restart</b> the kernel (VS Code: "Restart" in the notebook toolbar; Jupyter: Kernel → Restart), then run the setup cell (<code>#!import setup.csx</code>) and the cells above the one you want. The process pool's workers exit with the kernel: nothing is left behind.</li>
            <li><b>A cell's output stops mid-way</b> when a thread prints after its cell finished: output only shows while the cell runs. Join or await what the cell starts.</li>
            <li><b>Short on time?</b> Set the time scale to 0.1 after the setup cell: the waits shrink, and the text beside them is generated from what ran, so it stays true.</li>
            </ul>
            </main>
            </body>
            </html>

            """;
    }

    private static IEnumerable<(string Title, string Task, string Checks)> ExercisesOf(NotebookDocument document, XDocument? docs)
    {
        var cells = document.Cells;
        for (var i = 0; i < cells.Count; i++)
        {
            var match = cells[i].CellType == "markdown" ? ExerciseHeading().Match(cells[i].Source) : Match.Empty;
            if (!match.Success)
            {
                continue;
            }

            var check = cells.Skip(i + 1).TakeWhile(cell => cell.CellType != "markdown" || !ExerciseHeading().IsMatch(cell.Source)).FirstOrDefault(cell => cell.ExpectsError);
            yield return (match.Groups["title"].Value.Trim(), Plain(match.Groups["task"].Value), check is null ? "(no check cell tagged raises-exception)" : WhatItChecks(check, docs));
        }
    }

    /// <summary>The XML summary of the Exercises method the check cell calls, else the cell's first line.</summary>
    private static string WhatItChecks(NotebookCell check, XDocument? docs)
    {
        foreach (Match call in CheckCall().Matches(check.Source))
        {
            var prefix = $"M:ConcurrencyNotebooks.Exercises.{call.Groups["type"].Value}.{call.Groups["method"].Value}";
            var summary = docs?.Descendants("member")
                .FirstOrDefault(member => (string?)member.Attribute("name") is { } name && (name == prefix || name.StartsWith(prefix + "(", StringComparison.Ordinal) || name.StartsWith(prefix + "``", StringComparison.Ordinal)))
                ?.Element("summary");
            if (summary is not null)
            {
                return Plain(string.Concat(summary.Nodes().Select(node => node is XElement element ? (string?)element.Attribute("cref")?.Value.Split('.').Last() ?? element.Value : node.ToString())));
            }
        }

        return check.FirstLine;
    }

    private static string Time(RunTimeLog.RunTime? run, string name, string scale) =>
        run is null ? "—" : $"<span class=\"{(run.Passed ? "" : "failed")}\" title=\"{Encode(name)} at {scale}, {run.Finished:u}\">{run.Seconds.ToString("0", CultureInfo.InvariantCulture)} s</span>";

    private static string TitleOf(NotebookDocument document, string fallback) =>
        document.Cells.Where(cell => cell.CellType == "markdown").Select(cell => TitleLine().Match(cell.Source)).FirstOrDefault(match => match.Success)?.Groups[1].Value.Trim() ?? fallback;

    private static int RoundUpTo5(double minutes) => (int)Math.Ceiling(minutes / 5) * 5;

    private static string Plain(string markdown) => Regex.Replace(markdown.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal), @"\s+", " ").Trim();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^#\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"^>\s*\*\*(?<title>Exercise[^*]*)\*\*(?<task>(?:.|\n>)*)", RegexOptions.Multiline)]
    private static partial Regex ExerciseHeading();

    [GeneratedRegex(@"\b(?<type>\w+Checks)\.(?<method>\w+)\s*[(<]")]
    private static partial Regex CheckCall();
}
