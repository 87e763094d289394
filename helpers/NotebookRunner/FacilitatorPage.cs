using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConcurrencyNotebooks.Demos;

namespace NotebookRunner;

/// <summary>Writes <c>facilitator.html</c>: a workshop plan built from the notebooks and their last runs, the knobs, what
/// each exercise checks, and what to do when a cell is stopped or the kernel must restart.</summary>
/// <remarks>Every figure comes from a run (<see cref="RunTimeLog"/>) or from the notebooks' own text; the only typed numbers
/// are the planning rates, stated on the page.</remarks>
internal static partial class FacilitatorPage
{
    /// <summary>The page's file name inside the artifacts folder.</summary>
    public const string FileName = "facilitator.html";

    /// <summary>Words of markdown a class reads and discusses per minute, for the plan.</summary>
    public const int WordsPerMinute = NotebookOutline.WordsPerMinute;

    /// <summary>Minutes the plan allows for each exercise.</summary>
    public const int MinutesPerExercise = NotebookOutline.MinutesPerExercise;

    /// <summary>The command that checks a machine before class.</summary>
    public const string DoctorCommandLine = "dotnet run --project helpers/NotebookRunner -- " + DoctorCommand.Name;

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
        File.WriteAllText(path, Render(notebooks.Select(NotebookDocument.Load).Zip(notebooks, (document, file) => (Path.GetFileNameWithoutExtension(file), document)).ToList(), log, runnerCommand, docs, appLog,
            name => LoadExecutedCopy(Path.Combine(outputDirectory, name + ".ipynb"))));
        return path;
    }

    /// <summary>Reads an executed copy the runner wrote, or null when there is none or it cannot be read.</summary>
    private static NotebookDocument? LoadExecutedCopy(string path)
    {
        try
        {
            return File.Exists(path) ? NotebookDocument.Load(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Renders the page.</summary>
    /// <param name="notebooks">The source notebooks, in workshop order.</param>
    /// <param name="log">The last run times.</param>
    /// <param name="runnerCommand">The runner's command line, whose options are the run knobs.</param>
    /// <param name="docs">The helpers' XML documentation, or null.</param>
    /// <param name="appLog">The apps' run times, or null.</param>
    /// <param name="executedCopy">The executed copy of a notebook in the artifacts folder by name, or null when none.</param>
    internal static string Render(IReadOnlyList<(string Name, NotebookDocument Document)> notebooks, RunTimeLog log, Command runnerCommand, XDocument? docs,
        RunTimeLog? appLog = null, Func<string, NotebookDocument?>? executedCopy = null)
    {
        var plan = new StringBuilder();
        var exercises = new StringBuilder();
        var sections = new StringBuilder();
        var prompts = new StringBuilder();
        var outlines = new List<(string Name, NotebookOutline Outline)>();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var totalMinutes = 0;
        foreach (var (name, document) in notebooks)
        {
            var (cellSeconds, runSource) = ClassRunTimes(name, document, log, executedCopy?.Invoke(name));
            var outline = NotebookOutline.Read(document, cellSeconds);
            outlines.Add((name, outline));
            var title = titles[name] = InlineMarkdown.ToHtml(TitleOf(document, name));
            var link = $"<a href=\"{Uri.EscapeDataString(name)}.html\">{title}</a>";
            var words = outline.Core.Words + outline.Optional.Sum(part => part.Words);
            var readMinutes = (int)Math.Ceiling(words / (double)WordsPerMinute);
            var found = ExercisesOf(document, docs).ToList();
            var classRun = log.Find(name, ClassScale);
            var slot = outline.FullSlot;
            totalMinutes += slot;
            plan.Append("<tr><td>").Append(link).Append("</td>")
                .Append("<td class=\"number\">").Append(words.ToString("N0", CultureInfo.InvariantCulture)).Append(" words, ~").Append(readMinutes).Append(" min</td>")
                .Append("<td class=\"number\">").Append(Time(classRun, name, ClassScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(Time(log.Find(name, CiScale), name, CiScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(Time(appLog?.Find(name, ClassScale), name, ClassScale)).Append(" · ")
                .Append(Time(appLog?.Find(name, CiScale), name, CiScale)).Append("</td>")
                .Append("<td class=\"number\">").Append(found.Count).Append("</td>")
                .Append("<td class=\"number\"><b>").Append(slot).Append(" min</b></td></tr>\n");
            foreach (var exercise in found)
            {
                exercises.Append("<tr><td>").Append(Encode(name)).Append("</td><td><b>").Append(InlineMarkdown.ToHtml(exercise.Title)).Append("</b> ")
                    .Append(InlineMarkdown.ToHtml(exercise.Task)).Append("</td><td>").Append(Encode(exercise.Checks)).Append("</td></tr>\n");
            }

            sections.Append("<tr><td>").Append(link).Append("</td><td class=\"number\"><b>").Append(outline.CoreSlot).Append(" min</b><br><span class=\"note\">")
                .Append(Describe(outline.Core)).Append("</span></td><td>");
            if (outline.Optional.Count == 0)
            {
                sections.Append("<span class=\"note\">none marked: the whole notebook is its core path</span>");
            }
            else
            {
                sections.Append("<ul class=\"compact\">");
                foreach (var part in outline.Optional)
                {
                    sections.Append("<li>").Append(InlineMarkdown.ToHtml(part.Heading)).Append(" <span class=\"note\">(cell ").Append(part.FirstCell)
                        .Append(")</span>: <b>").Append(part.WholeMinutes).Append(" min</b> <span class=\"note\">").Append(Describe(part)).Append("</span></li>");
                }

                sections.Append("</ul>");
            }

            sections.Append("</td><td class=\"note\">").Append(Encode(runSource)).Append("</td></tr>\n");
            prompts.Append("<h3>").Append(title).Append("</h3>\n");
            if (outline.Prompts.Count == 0)
            {
                prompts.Append("<p class=\"note\">No discussion prompts marked yet (a line starting <code>&gt; **Discuss.** </code>).</p>\n");
            }
            else
            {
                foreach (var group in outline.Prompts.GroupBy(prompt => (prompt.Heading, prompt.Cell)))
                {
                    prompts.Append("<p class=\"under\">Under <b>").Append(InlineMarkdown.ToHtml(group.Key.Heading)).Append("</b> <span class=\"note\">(cell ")
                        .Append(group.Key.Cell).Append(group.First().InOptionalSection ? ", an optional section" : "").Append(")</span></p>\n<ul>");
                    foreach (var prompt in group)
                    {
                        prompts.Append("<li>").Append(InlineMarkdown.ToHtml(prompt.Text)).Append("</li>");
                    }

                    prompts.Append("</ul>\n");
                }
            }
        }

        var shortPlan = RenderShortPlan(WorkshopPlan.ShortClass(outlines), titles);
        var dayPlan = RenderFullDay(WorkshopPlan.FullDay(outlines), titles, outlines.Count);
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
            ul.compact { margin: 0; padding-left: 18px; }
            p.under { margin: 8px 0 0; }
            </style>
            </head>
            <body>
            <main>
            <h1>Facilitator's page</h1>
            <p>Generated by the runner from the notebooks and their last runs in this folder. <a href="index.html">Run results</a>.</p>
            <h2>Before class</h2>
            <p>On each machine the class will use (or the image it is built from), run <code>{{DoctorCommandLine}}</code>. It prints one line per check:
            <b>✓</b> ready, <b>✗</b> missing and needed (the command then exits non-zero), <b>!</b> optional or worth knowing: the helpers built, the pinned
            kernel tool restored, <code>python3</code> and its multiprocessing start method (the Python twins are skipped without it), a free-threaded
            Python, the cores (what the speed-up demos can show), Chromium (only for handout screenshots), and what differs on Windows and macOS.</p>
            <h2>Workshop plan</h2>
            <table>
            <thead><tr><th>In this order</th><th class="number">Reading</th><th class="number">Run All, class (1)</th><th class="number">Run All, CI (0.05)</th><th class="number">As an app (1 · 0.05)</th><th class="number">Exercises</th><th class="number">Whole notebook</th></tr></thead>
            <tbody>
            {{plan}}<tr><td colspan="6"><b>Total, every section</b></td><td class="number"><b>{{totalMinutes}} min</b></td></tr>
            </tbody>
            </table>
            <p class="note">Minutes of a part of a notebook = its markdown read at {{WordsPerMinute}} words a minute (read aloud and discussed) + its code cells' run time at class scale + {{MinutesPerExercise}} min per exercise that starts in it.
            Whole notebook = all of it, rounded up to 5 min. Run All includes the kernel's start; a red time is a run that failed. As an app: the lesson run as a file-based app with no kernel (<code>dotnet run --project helpers/NotebookRunner -- app-handout</code>, its own start included).</p>
            {{string.Join("\n", missing)}}
            <h2>Core path and optional sections</h2>
            <p>A section whose heading ends in <i>(optional)</i> runs to the next heading of the same or a higher level; everything else is the core path.
            The core path is rounded up to 5 min, an optional section up to a whole minute.</p>
            <table>
            <thead><tr><th>Notebook</th><th class="number">Core path</th><th>Optional sections</th><th>Run time of its cells from</th></tr></thead>
            <tbody>
            {{sections}}</tbody>
            </table>
            <h2>90-minute plan</h2>
            {{shortPlan}}
            <h2>Full-day plan</h2>
            {{dayPlan}}
            <h2>Discussion prompts</h2>
            <p>Three per notebook, each under the section (and cell) where the notebook asks it.</p>
            {{prompts}}
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
            yield return (match.Groups["title"].Value.Trim(), MultiLineQuote().Replace(match.Groups["task"].Value, " "), check is null ? "(no check cell tagged raises-exception)" : WhatItChecks(check, docs));
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

    /// <summary>Seconds each code cell ran at class scale, and where they come from: the executed copy when it is a passed
    /// class-scale run of this very notebook, else the class Run All shared evenly by the code cells, else an estimate.</summary>
    private static (Func<int, double?> CellSeconds, string Source) ClassRunTimes(string name, NotebookDocument document, RunTimeLog log, NotebookDocument? executed)
    {
        var codeCells = document.Cells.Count(cell => cell.IsCode);
        if (executed is not null && RunTimeLog.ScaleOf(executed) == ClassScale
            && executed.Metadata["notebook_runner"]?["status"]?.GetValue<string>() == "passed"
            && executed.Cells.Count == document.Cells.Count
            && executed.Cells.Zip(document.Cells).All(pair => pair.First.CellType == pair.Second.CellType && pair.First.Source == pair.Second.Source))
        {
            return (index => executed.Cells[index].Run?["duration_ms"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) / 1000 : null, "each cell's time in the last class-scale run (the executed copy here)");
        }

        if (log.Find(name, ClassScale) is { Passed: true } run && codeCells > 0)
        {
            var share = run.Seconds / codeCells;
            return (_ => share, $"the class Run All ({run.Seconds.ToString("0", CultureInfo.InvariantCulture)} s) shared evenly by its {codeCells} code cells");
        }

        return (_ => NotebookOutline.EstimatedSecondsPerCell, $"an estimate, {NotebookOutline.EstimatedSecondsPerCell} s a code cell (no passed class-scale run here yet)");
    }

    private static string Describe(NotebookOutline.Part part) =>
        $"{part.Words.ToString("N0", CultureInfo.InvariantCulture)} words, {part.CodeCells} code cells ({part.Seconds.ToString("0", CultureInfo.InvariantCulture)} s), "
        + $"{part.Exercises} exercise{(part.Exercises == 1 ? "" : "s")}";

    private static string RenderShortPlan(WorkshopPlan.Plan plan, IReadOnlyDictionary<string, string> titles)
    {
        var html = new StringBuilder()
            .Append("<p>How it is built: the core paths of the first ").Append(WorkshopPlan.ShortClassNotebooks).Append(" notebooks without their exercises, in order, as many as fit in ")
            .Append(WorkshopPlan.ShortClassMinutes).Append(" min less a ").Append(WorkshopPlan.ShortBreakMinutes)
            .Append("-min break; the break goes between the two notebooks nearest the middle. The exercises are for after the class (their checks tell each learner when an answer is right). A notebook that does not fit goes to self-study with those after it (each builds on the last), and so do the optional sections.</p>\n");
        if (plan.Items.Count == 0)
        {
            return html.Append("<p><b>Nothing fits:</b> the core path of the first notebook alone takes more than ")
                .Append(WorkshopPlan.ShortClassMinutes - WorkshopPlan.ShortBreakMinutes).Append(" min. Mark more of it <i>(optional)</i>, or plan a longer slot.</p>\n").ToString();
        }

        html.Append("<table>\n<thead><tr><th class=\"number\">Minutes</th><th>What</th></tr></thead>\n<tbody>\n");
        var clock = 0;
        for (var index = 0; index < plan.Items.Count; index++)
        {
            var item = plan.Items[index];
            html.Append("<tr><td class=\"number\">").Append(clock).Append("–").Append(clock + item.Minutes).Append("</td><td>").Append(titles[item.Name])
                .Append(": core path").Append(item.Outline.Optional.Count > 0 ? $", skipping its {item.Outline.Optional.Count} optional section{(item.Outline.Optional.Count == 1 ? "" : "s")}" : "")
                .Append("</td></tr>\n");
            clock += item.Minutes;
            if (plan.BreaksAfter.TryGetValue(index, out var pause))
            {
                html.Append("<tr><td class=\"number\">").Append(clock).Append("–").Append(clock + pause).Append("</td><td><i>Break</i></td></tr>\n");
                clock += pause;
            }
        }

        html.Append("</tbody>\n</table>\n<p>").Append(plan.TotalMinutes).Append(" of ").Append(WorkshopPlan.ShortClassMinutes).Append(" min planned");
        if (plan.BreaksAfter.Count == 0)
        {
            html.Append("; take the ").Append(WorkshopPlan.ShortBreakMinutes).Append("-min break at a heading near the middle");
        }

        html.Append(". Covers ").Append(string.Join(", ", plan.Items.Select(item => Encode(item.Name)))).Append(".</p>\n");
        return html.Append(SelfStudy(plan)).ToString();
    }

    private static string RenderFullDay(WorkshopPlan.Plan plan, IReadOnlyDictionary<string, string> titles, int notebookCount)
    {
        var html = new StringBuilder()
            .Append("<p>How it is built: every notebook's core path in order, as far as ").Append(WorkshopPlan.DayTeachingMinutes)
            .Append(" min of teaching hold them, then the optional sections in order while they fit. From ").Append(WorkshopPlan.Clock(WorkshopPlan.DayStart))
            .Append(", with a ").Append(WorkshopPlan.CoffeeMinutes).Append("-min break near a quarter and three quarters of the teaching and a ")
            .Append(WorkshopPlan.LunchMinutes).Append("-min lunch near the middle, each between two notebooks.</p>\n");
        if (plan.Items.Count == 0)
        {
            return html.Append("<p><b>Nothing fits:</b> the first notebook's core path alone takes more than the day.</p>\n").ToString();
        }

        html.Append("<table>\n<thead><tr><th class=\"number\">Time</th><th>What</th></tr></thead>\n<tbody>\n");
        var clock = WorkshopPlan.DayStart;
        for (var index = 0; index < plan.Items.Count; index++)
        {
            var item = plan.Items[index];
            var skipped = item.Outline.Optional.Count - item.Sections.Count;
            html.Append("<tr><td class=\"number\">").Append(WorkshopPlan.Clock(clock)).Append("–").Append(WorkshopPlan.Clock(clock + item.Minutes)).Append("</td><td>")
                .Append(titles[item.Name]).Append(": ").Append(item.Outline.Optional.Count == 0 ? "all of it" : skipped == 0 ? "all of it, optional sections included" : $"core path and {item.Sections.Count} of its {item.Outline.Optional.Count} optional sections")
                .Append(" <span class=\"note\">(").Append(item.Minutes).Append(" min)</span></td></tr>\n");
            clock += item.Minutes;
            if (plan.BreaksAfter.TryGetValue(index, out var pause))
            {
                html.Append("<tr><td class=\"number\">").Append(WorkshopPlan.Clock(clock)).Append("–").Append(WorkshopPlan.Clock(clock + pause)).Append("</td><td><i>")
                    .Append(pause == WorkshopPlan.LunchMinutes ? "Lunch" : "Break").Append("</i></td></tr>\n");
                clock += pause;
            }
        }

        html.Append("</tbody>\n</table>\n<p>").Append(plan.TeachingMinutes).Append(" min of teaching, ends at ").Append(WorkshopPlan.Clock(clock))
            .Append(plan.Items.Count == notebookCount ? "; covers every notebook" : $"; covers {plan.Items.Count} of {notebookCount} notebooks").Append(".</p>\n");
        return html.Append(SelfStudy(plan)).ToString();
    }

    private static string SelfStudy(WorkshopPlan.Plan plan)
    {
        if (plan.SelfStudyNotebooks.Count == 0 && plan.SelfStudySections.Count == 0 && plan.SelfStudyExercises == 0)
        {
            return "";
        }

        var exercises = plan.SelfStudyExercises == 0 ? []
            : new[] { $"the {plan.SelfStudyExercises} exercises of the notebooks taught (about {NotebookOutline.MinutesPerExercise} min each)" };
        var parts = exercises.Concat(plan.SelfStudyNotebooks.Select(name => $"<b>{Encode(name)}</b> (all of it)"))
            .Concat(plan.SelfStudySections.Select(left => $"{Encode(left.Notebook)}: {InlineMarkdown.ToHtml(left.Section.Heading)} ({left.Section.WholeMinutes} min)"));
        return $"<p>For self-study: {string.Join("; ", parts)}.</p>\n";
    }

    private static string Time(RunTimeLog.RunTime? run, string name, string scale) =>
        run is null ? "—" : $"<span class=\"{(run.Passed ? "" : "failed")}\" title=\"{Encode(name)} at {scale}, {run.Finished:u}\">{run.Seconds.ToString("0", CultureInfo.InvariantCulture)} s</span>";

    private static string TitleOf(NotebookDocument document, string fallback) =>
        document.Cells.Where(cell => cell.CellType == "markdown").Select(cell => TitleLine().Match(cell.Source)).FirstOrDefault(match => match.Success)?.Groups[1].Value.Trim() ?? fallback;

    private static string Plain(string markdown) => Regex.Replace(markdown.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal), @"\s+", " ").Trim();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\n>\s?")]
    private static partial Regex MultiLineQuote();

    [GeneratedRegex(@"^#\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"^>\s*\*\*(?<title>Exercise[^*]*)\*\*(?<task>(?:.|\n>)*)", RegexOptions.Multiline)]
    private static partial Regex ExerciseHeading();

    [GeneratedRegex(@"\b(?<type>\w+Checks)\.(?<method>\w+)\s*[(<]")]
    private static partial Regex CheckCall();
}
