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
    public void Page_ShowsBothScalesTimes_TheExercise_AndWhatItsCheckVerifies()
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
