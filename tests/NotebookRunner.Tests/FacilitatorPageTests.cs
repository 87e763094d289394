using System.Text.Json;
using System.Xml.Linq;

namespace NotebookRunner.Tests;

public sealed class FacilitatorPageTests
{
    private const string Notebook = """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# 9 · Demo notebook\n", "Some words to read."]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "#!import setup.csx"},
          {"cell_type": "markdown", "metadata": {}, "source": "> **Exercise 1: count in parallel.** Write `Count()` with threads."},
          {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["raises-exception"]}, "outputs": [],
           "source": "DemoChecks.CheckCount(Count);"}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """;

    [Fact]
    public void RunTimeLog_KeepsEachScale_AndReplacesAScalesEntryOnTheNextRun()
    {
        var folder = TestRepository.NewTempFolder("run-times");
        var log = RunTimeLog.Load(folder);
        log.Record(Run("09-demo", scale: "1", seconds: 40), fallbackScale: "1");
        log.Record(Run("09-demo", scale: "0.05", seconds: 9), fallbackScale: "1");
        log.Save(folder);

        var reloaded = RunTimeLog.Load(folder);
        reloaded.Record(Run("09-demo", scale: "0.05", seconds: 7), fallbackScale: "1");

        Assert.Equal(40, reloaded.Find("09-demo", "1")!.Seconds);
        Assert.Equal(7, reloaded.Find("09-demo", "0.05")!.Seconds);
        Assert.Equal(["0.05", "1"], reloaded.Scales.Order());
    }

    [Fact]
    public void RunTimeLog_NoSetupLine_FilesTheRunUnderTheFallbackScale()
    {
        var log = RunTimeLog.Load(TestRepository.NewTempFolder("run-times"));
        log.Record(Run("09-demo", scale: null, seconds: 3), fallbackScale: "0.5");
        Assert.NotNull(log.Find("09-demo", "0.5"));
    }

    [Fact]
    public void Page_Notebook_ShowsBothScalesTimesTheExerciseAndWhatItsCheckVerifies()
    {
        var log = RunTimeLog.Load(TestRepository.NewTempFolder("run-times"));
        log.Record(Run("09-demo", scale: "1", seconds: 42), fallbackScale: "1");
        log.Record(Run("09-demo", scale: "0.05", seconds: 8), fallbackScale: "1");
        var docs = XDocument.Parse("""
            <doc><members><member name="M:ConcurrencyNotebooks.Exercises.DemoChecks.CheckCount(System.Func{System.Int32})">
            <summary>Throws unless the count is right and came from more than one thread.</summary></member></members></doc>
            """);

        var html = FacilitatorPage.Render([("09-demo", NotebookDocument.Parse(Notebook))], log, RunnerCommand.Create().Root, docs);

        Assert.Contains("Demo notebook</a>", html);
        Assert.Contains(">42 s<", html);
        Assert.Contains(">8 s<", html);
        Assert.Contains("Exercise 1: count in parallel.", html);
        Assert.Contains("Throws unless the count is right and came from more than one thread.", html);
        Assert.Contains("runner --cell-timeout", html);
        Assert.DoesNotContain("No run at time scale", html);
    }

    [Fact]
    public void Page_ShowsTheAppRunTimes_NextToRunAll()
    {
        var log = RunTimeLog.Load(TestRepository.NewTempFolder("run-times"));
        log.Record(Run("09-demo", scale: "0.05", seconds: 8), fallbackScale: "1");
        var apps = RunTimeLog.Load(TestRepository.NewTempFolder("app-run-times"));
        apps.Record("09-demo", "0.05", new RunTimeLog.RunTime(3.4, true, DateTimeOffset.UnixEpoch));

        var html = FacilitatorPage.Render([("09-demo", NotebookDocument.Parse(Notebook))], log, RunnerCommand.Create().Root, docs: null, apps);

        Assert.Contains("As an app (1 · 0.05)", html);
        Assert.Contains("—", html);  // no app run at class scale
        Assert.Contains(">3 s<", html);
    }

    [Fact]
    public void Page_ScaleNeverRun_SaysWhichCommandFillsIt()
    {
        var log = RunTimeLog.Load(TestRepository.NewTempFolder("run-times"));
        log.Record(Run("09-demo", scale: "1", seconds: 42), fallbackScale: "1");

        var html = FacilitatorPage.Render([("09-demo", NotebookDocument.Parse(Notebook))], log, RunnerCommand.Create().Root, docs: null);

        Assert.Contains("No run at time scale 0.05", html);
        Assert.Contains("CONCURRENCY_NOTEBOOKS_TIME_SCALE=0.05", html);
        Assert.Contains("DemoChecks.CheckCount(Count);", html); // no documentation: the check cell's first line
    }

    [Fact]
    public void InlineMarkdown_CodeBoldItalics_RenderAsTags()
    {
        Assert.Equal("2 · Threading: <code>Thread</code>, <strong>the pool</strong> and <em>map</em>",
            InlineMarkdown.ToHtml("2 · Threading: `Thread`, **the pool** and *map*"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script> `a<b`", "&lt;script&gt;alert(1)&lt;/script&gt; <code>a&lt;b</code>")]
    [InlineData("see [the docs](javascript:alert(1)) and <https://example.com>", "see the docs and https://example.com")]
    [InlineData("1. Not a list, and C#", "1. Not a list, and C#")]
    public void InlineMarkdown_HtmlLinksAndBlockMarks_StayText(string markdown, string html)
    {
        Assert.Equal(html, InlineMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void Outline_OptionalHeading_RunsToTheNextHeadingOfTheSameOrHigherLevel()
    {
        var outline = NotebookOutline.Read(Marked(), _ => 60);

        var section = Assert.Single(outline.Optional);
        Assert.Equal("Foreground and background `Thread`s", section.Heading);
        Assert.Equal(4, section.FirstCell);
        Assert.Equal(2, section.CodeCells); // the #### sub-heading does not end it; "### Back on the path" does
        Assert.Equal(1, section.Exercises);
        Assert.Equal(3, outline.Core.CodeCells);
        Assert.Equal(180, outline.Core.Seconds);
    }

    [Fact]
    public void Outline_HeadingInAFencedSnippet_IsNotAHeading()
    {
        var document = NotebookOf(("markdown", "# 1 · Title\n```python\n# Python comment (optional)\n```\nText."), ("code", "var x = 1;"));

        var outline = NotebookOutline.Read(document, _ => null);

        Assert.Empty(outline.Optional);
        Assert.Equal(1, outline.Core.CodeCells);
    }

    [Fact]
    public void Outline_NoMarks_IsAllCoreWithNoPrompts()
    {
        var outline = NotebookOutline.Read(NotebookDocument.Parse(Notebook), _ => null);

        Assert.Empty(outline.Optional);
        Assert.Empty(outline.Prompts);
        Assert.Equal(2, outline.Core.CodeCells);
        Assert.Equal(1, outline.Core.Exercises);
    }

    [Fact]
    public void Outline_DiscussionPrompts_KeepTheSectionAndCellTheyAreIn()
    {
        var prompts = NotebookOutline.Read(Marked(), _ => null).Prompts;

        Assert.Equal(3, prompts.Count);
        Assert.Equal(("Start a thread", 2, false), (prompts[0].Heading, prompts[0].Cell, prompts[0].InOptionalSection));
        Assert.Equal("Why did the **main** thread wait?", prompts[0].Text);
        Assert.Equal(("Foreground and background `Thread`s", 4, true), (prompts[1].Heading, prompts[1].Cell, prompts[1].InOptionalSection));
        Assert.Equal(("Back on the path", 8, false), (prompts[2].Heading, prompts[2].Cell, prompts[2].InOptionalSection));
    }

    [Fact]
    public void ShortClass_CorePathsTooLong_TeachesWhatFitsInOrderAndLeavesTheRestForSelfStudy()
    {
        var plan = WorkshopPlan.ShortClass([("01", Outline(30)), ("02", Outline(30, 12)), ("03", Outline(30)), ("04", Outline(10))]);

        Assert.Equal(["01", "02"], plan.Items.Select(item => item.Name));
        Assert.Equal(["03", "04"], plan.SelfStudyNotebooks); // 04 alone would fit, but it builds on 03
        Assert.Equal("02", Assert.Single(plan.SelfStudySections).Notebook);
        Assert.Equal(new Dictionary<int, int> { [0] = WorkshopPlan.ShortBreakMinutes }, plan.BreaksAfter.ToDictionary());
        Assert.True(plan.TotalMinutes <= WorkshopPlan.ShortClassMinutes);
    }

    [Fact]
    public void ShortClass_AllFourFit_BreakBetweenTheTwoNearestTheMiddle()
    {
        var plan = WorkshopPlan.ShortClass([("01", Outline(20)), ("02", Outline(20)), ("03", Outline(20)), ("04", Outline(20)), ("05", Outline(5))]);

        Assert.Equal(["01", "02", "03", "04"], plan.Items.Select(item => item.Name));
        Assert.Empty(plan.SelfStudyNotebooks);
        Assert.Equal([1], plan.BreaksAfter.Keys);
        Assert.Equal(WorkshopPlan.ShortClassMinutes, plan.TotalMinutes);
    }

    [Fact]
    public void ShortClass_CorePathsWithExercises_TeachesTheLessonsAndLeavesTheExercisesForAfter()
    {
        NotebookOutline WithExercises(int lessonMinutes) => new(
            new NotebookOutline.Part("Core path", 1, Words: 0, CodeCells: 0, Seconds: lessonMinutes * 60, Exercises: 2), [], []);

        var plan = WorkshopPlan.ShortClass([("01", WithExercises(20)), ("02", WithExercises(20)), ("03", WithExercises(20)), ("04", WithExercises(20))]);

        Assert.Equal(["01", "02", "03", "04"], plan.Items.Select(item => item.Name));
        Assert.All(plan.Items, item => Assert.Equal(20, item.Minutes));
        Assert.Equal(8, plan.SelfStudyExercises);
        Assert.Equal(WorkshopPlan.ShortClassMinutes, plan.TotalMinutes);
    }

    [Fact]
    public void FullDay_CoresFirstThenOptionalSectionsWhileTheyFit_BreaksBetweenNotebooks()
    {
        var notebooks = Enumerable.Range(1, 8).Select(i => ($"0{i}", Outline(40, 30))).ToList();

        var plan = WorkshopPlan.FullDay(notebooks);

        Assert.Equal(8, plan.Items.Count);
        Assert.Equal(350, plan.TeachingMinutes); // 8 × 40 core + the one 30-min section that still fits in 360
        Assert.Equal(7, plan.SelfStudySections.Count);
        Assert.Equal(new Dictionary<int, int> { [0] = 15, [3] = 60, [5] = 15 }, plan.BreaksAfter.ToDictionary());
    }

    [Fact]
    public void Page_MarkedNotebook_ShowsCorePathOptionalSectionsPlansAndPromptsUnderTheirSections()
    {
        var log = RunTimeLog.Load(TestRepository.NewTempFolder("run-times"));

        var html = FacilitatorPage.Render([("02-demo", Marked())], log, RunnerCommand.Create().Root, docs: null);

        Assert.Contains("<h2>Before class</h2>", html);
        Assert.Contains("dotnet run --project helpers/NotebookRunner -- doctor", html);
        Assert.Contains("2 · Threading: <code>Thread</code> and the pool</a>", html);
        Assert.DoesNotContain("`", html);
        Assert.Contains("Foreground and background <code>Thread</code>s <span class=\"note\">(cell 4)</span>", html);
        Assert.Contains("<h2>90-minute plan</h2>", html);
        Assert.Contains("core path, skipping its 1 optional section", html);
        Assert.Contains("<h2>Full-day plan</h2>", html);
        Assert.Contains("an estimate, 5 s a code cell", html);
        Assert.Contains("Under <b>Start a thread</b> <span class=\"note\">(cell 2)</span></p>\n<ul><li>Why did the <strong>main</strong> thread wait?</li>", html);
    }

    [Fact]
    public void Page_ExecutedCopyAtClassScale_TakesEachCellsMeasuredTime()
    {
        var source = NotebookDocument.Parse(Notebook);
        var executed = NotebookDocument.Parse(Notebook);
        executed.Metadata["notebook_runner"] = new System.Text.Json.Nodes.JsonObject { ["status"] = "passed" };
        executed.Cells[1].Node["outputs"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"output_type": "stream", "name": "stdout", "text": "Concurrency Notebooks ready: 2 cores, time scale 1 (Demo.Seconds(2) = 2 s).\n"}]
            """);
        executed.Cells[1].Metadata[NotebookCell.RunMetadataKey] = new System.Text.Json.Nodes.JsonObject { ["duration_ms"] = 90_000 };

        var html = FacilitatorPage.Render([("09-demo", source)], RunTimeLog.Load(TestRepository.NewTempFolder("run-times")), RunnerCommand.Create().Root,
            docs: null, executedCopy: _ => executed);

        Assert.Contains("each cell&#39;s time in the last class-scale run", html);
        Assert.Contains("2 code cells (90 s)", html);
    }

    /// <summary>A notebook with the marks: a core section, an optional one with a sub-heading, then core again.</summary>
    private static NotebookDocument Marked() => NotebookOf(
        ("markdown", "# 2 · Threading: `Thread` and the pool\nIntro words."),
        ("markdown", "## Start a thread\nText.\n\n> **Discuss.** Why did the **main** thread wait?"),
        ("code", "#!import setup.csx"),
        ("markdown", "### Foreground and background `Thread`s (optional)\nMore words.\n> **Discuss.** What keeps a process alive?"),
        ("code", "var t = new Thread(() => { });"),
        ("markdown", "#### A detail\n> **Exercise 1: background.** Make it a background thread."),
        ("code", "t.IsBackground = true;"),
        ("markdown", "### Back on the path\n> **Discuss.** What did the pool do?"),
        ("code", "ThreadPool.QueueUserWorkItem(_ => { });"),
        ("code", "Console.WriteLine(1);"));

    private static NotebookDocument NotebookOf(params (string Type, string Source)[] cells) =>
        NotebookDocument.Parse(JsonSerializer.Serialize(new
        {
            cells = cells.Select(cell => cell.Type == "code"
                ? (object)new { cell_type = "code", execution_count = (int?)null, metadata = new { }, outputs = Array.Empty<object>(), source = cell.Source }
                : new { cell_type = "markdown", metadata = new { }, source = cell.Source }),
            metadata = new { },
            nbformat = 4,
            nbformat_minor = 5,
        }));

    /// <summary>An outline whose core path takes <paramref name="coreMinutes"/> (as exercises) and, when given, one optional section.</summary>
    private static NotebookOutline Outline(int coreMinutes, int optionalMinutes = 0) => new(
        new NotebookOutline.Part("Core path", 1, Words: 0, CodeCells: 0, Seconds: coreMinutes * 60, Exercises: 0),
        optionalMinutes == 0 ? [] : [new NotebookOutline.Part("Extra", 5, Words: 0, CodeCells: 0, Seconds: optionalMinutes * 60, Exercises: 0)],
        []);

    private static NotebookRunResult Run(string name, string? scale, double seconds)
    {
        var setupOutput = scale is null ? "" : $$"""{"output_type": "stream", "name": "stdout", "text": "Concurrency Notebooks ready: 2 cores, time scale {{scale}} (Demo.Seconds(2) = 0.1 s).\n"}""";
        var executed = NotebookDocument.Parse($$"""
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{{setupOutput}}], "source": "#!import setup.csx"}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """);
        return new NotebookRunResult
        {
            NotebookPath = $"/notebooks/{name}.ipynb",
            Status = NotebookStatus.Passed,
            Cells = [],
            ExecutedNotebook = executed,
            Started = DateTimeOffset.UnixEpoch,
            Duration = TimeSpan.FromSeconds(seconds),
        };
    }
}
