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
        Skip.IfNot(File.Exists(TestRepository.HelpersLibrary), $"{TestRepository.HelpersLibrary} is missing: build helpers/ConcurrencyNotebooks.Worker first.");
        var notebook = WriteChartNotebook();
        var artifacts = TestRepository.NewTempFolder("chart-out");

        var result = await new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(180), RepositoryRoot = TestRepository.Root })
            .RunAsync(notebook, CancellationToken.None);
        var (_, handout) = ArtifactWriter.Write(result, artifacts);

        Assert.True(result.Status == NotebookStatus.Passed, result.DescribeFailure());
        var html = await File.ReadAllTextAsync(handout);
        var headEnd = html.IndexOf("</head>", StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, Regex.Escape(PlotlyScript.MarkerAttribute)));
        Assert.InRange(html.IndexOf(PlotlyScript.MarkerAttribute, StringComparison.Ordinal), 0, headEnd);
        // Two charts: the Plotly.NET column chart, and the Timeline (shown through its own formatter).
        Assert.Equal(2, Regex.Matches(html[headEnd..], Regex.Escape($"class=\"{ChartHtml.ContainerClass}\"")).Count);

        Skip.IfNot(Chromium.IsInstalled, $"{Chromium.ExecutablePath} is not installed: the offline rendering check needs it (apt-get install chromium).");
        var dom = await Chromium.DumpDomAsync(handout);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "chart-handout.png");
        await Chromium.ScreenshotAsync(handout, screenshot);
        output.WriteLine($"Handout: {handout}\nScreenshot: {screenshot}");

        var chart = dom.IndexOf($"class=\"{ChartHtml.ContainerClass}", StringComparison.Ordinal);
        Assert.True(chart >= 0, "The rendered DOM has no chart container.");
        Assert.True(dom.IndexOf("class=\"main-svg\"", chart, StringComparison.Ordinal) > chart, "Plotly drew nothing inside the chart container (no main-svg).");
        var timelineChart = dom.IndexOf($"class=\"{ChartHtml.ContainerClass}", chart + 1, StringComparison.Ordinal);
        Assert.True(timelineChart > chart, "The rendered DOM has no second (timeline) chart container.");
        Assert.True(dom.IndexOf("class=\"main-svg\"", timelineChart, StringComparison.Ordinal) > timelineChart, "Plotly drew nothing inside the timeline's chart container.");
    }

    /// <summary>Writes a chart notebook (a column chart and a timeline) that references the built helpers by absolute path (generated at test time only).</summary>
    private static string WriteChartNotebook()
    {
        var folder = TestRepository.NewTempFolder("chart");
        var path = Path.Combine(folder, "chart.ipynb");
        var setup = $"#r \"{TestRepository.HelpersLibrary}\"\nusing ConcurrencyNotebooks;\nNotebook.Setup();";
        const string chart = "Plotly.NET.CSharp.Chart.Column<double, string, string>(values: new[] { 1.0, 2.0 }, Keys: new[] { \"a\", \"b\" })";
        const string timeline = "var tl = new ConcurrencyNotebooks.Timelines.Timeline(\"fixture\");\ntl.Record(\"work\", () => System.Threading.Thread.Sleep(5));\ntl";
        var json = $$"""
            {
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# Chart fixture"},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(setup)}}},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(chart)}}},
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
