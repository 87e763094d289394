using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Charts;
using Xunit.Abstractions;

namespace NotebookRunner.Tests;

[Collection(KernelCollection.Name)]
public sealed class ChartHandoutTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task HandoutWriter_ChartNotebook_RendersOfflineInHeadlessChromium()
    {
        Skip.IfNot(File.Exists(TestRepository.HelpersLibrary), $"{TestRepository.HelpersLibrary} is missing: build helpers/ConcurrencyNotebooks first.");
        var notebook = WriteChartNotebook();
        var artifacts = TestRepository.NewTempFolder("chart-out");

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(180), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);
        var (executed, handout) = ArtifactWriter.Write(result, artifacts);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        Assert.Empty(NbformatSchema.Errors(await File.ReadAllTextAsync(executed)));
        var html = await File.ReadAllTextAsync(handout);
        var headEnd = html.IndexOf("</head>", StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, Regex.Escape(PlotlyScript.MarkerAttribute)));
        Assert.InRange(html.IndexOf(PlotlyScript.MarkerAttribute, StringComparison.Ordinal), 0, headEnd);
        // Every kind of chart the notebooks draw: a column chart (linear and log), a line chart, and a Timeline
        // (bars, an await hop, markers and a counter line on a second axis), shown through its own formatter.
        Assert.Equal(ChartCount, Regex.Matches(html[headEnd..], Regex.Escape($"class=\"{ChartHtml.ContainerClass}\"")).Count);

        Skip.IfNot(Chromium.IsInstalled, $"{Chromium.ExecutablePath} is not installed: the offline rendering check needs it (apt-get install chromium).");
        var dom = await Chromium.DumpDomAsync(handout);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "chart-handout.png");
        await Chromium.ScreenshotAsync(handout, screenshot);
        output.WriteLine($"Handout: {handout}\nScreenshot: {screenshot}");

        // The basic plotly.js bundle draws each chart: an SVG in every container, bars, lines and marker points.
        var containers = Regex.Matches(dom, Regex.Escape($"class=\"{ChartHtml.ContainerClass}")).Select(m => m.Index).ToList();
        Assert.Equal(ChartCount, containers.Count);
        for (var i = 0; i < containers.Count; i++)
        {
            var end = i + 1 < containers.Count ? containers[i + 1] : dom.Length;
            Assert.True(dom.IndexOf("class=\"main-svg\"", containers[i], end - containers[i], StringComparison.Ordinal) >= 0,
                $"Plotly drew nothing inside chart container {i + 1} of {containers.Count} (no main-svg).");
        }

        Assert.Contains("class=\"trace bars\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"js-line\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"point\"", dom, StringComparison.Ordinal);
    }

    private const int ChartCount = 4;

    /// <summary>Writes a notebook with every kind of chart the lessons draw that references the built helpers by absolute path (generated at test time only).</summary>
    private static string WriteChartNotebook()
    {
        var folder = TestRepository.NewTempFolder("chart");
        var path = Path.Combine(folder, "chart.ipynb");
        var setup = $"#r \"{TestRepository.HelpersLibrary}\"\nusing System.Threading;\nusing ConcurrencyNotebooks;\n"
            + "using ConcurrencyNotebooks.Charts;\nusing ConcurrencyNotebooks.Timelines;\nNotebook.Setup();";
        const string columns = "QuickChart.Columns(\"columns\", new[] { \"a\", \"b\" }, new[] { 1.0, 2.0 }, \"ms\")";
        const string logColumns = "QuickChart.Columns(\"log\", new[] { \"a\", \"b\" }, new[] { 1.0, 1000.0 }, \"ms\", logScale: true)";
        const string lines = "QuickChart.Lines(\"lines\", \"x\", \"y\", new[] { (\"s\", (IReadOnlyList<double>)new[] { 1.0, 2.0 }, (IReadOnlyList<double>)new[] { 3.0, 4.0 }) })";
        const string timeline = """
            var tl = new Timeline("fixture");
            tl.Record("work", () => Thread.Sleep(5));
            await tl.RecordAsync("hop", async () => { await Task.Delay(5); });
            tl.Mark("mark");
            tl.RecordCounter(CounterSample.PoolThreads, 2);
            var other = new Thread(() => tl.Record("other", () => Thread.Sleep(5)));
            other.Start();
            other.Join();
            tl.RecordCounter(CounterSample.PoolThreads, 3);
            tl
            """;
        var json = $$"""
            {
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# Chart fixture"},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(setup)}}},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(columns)}}},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(logColumns)}}},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(lines)}}},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(timeline)}}}
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """;
        File.WriteAllText(path, json);
        return path;
    }
}
