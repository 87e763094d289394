using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Charts;

namespace NotebookRunner.Tests;

/// <summary>Every committed app (<c>notebooks/apps/*.cs</c>) builds once and runs at CI scale like its lesson: the story's
/// headings in order, the seed's outputs, charts as offline pages, exercise checks that throw and do not stop it.</summary>
/// <remarks>In the kernel collection: an app measures speed-ups, so it must not share the cores with a kernel.</remarks>
[Collection(KernelCollection.Name)]
public sealed partial class AppRunTests
{
    /// <summary>What the Python guide prints for each lesson (and the table it ends with), which its app must print too.</summary>
    private static readonly Dictionary<string, string[]> SeedOutputs = new()
    {
        ["02-threading"] = ["\nTask started", "\nTask completed", "Task 0 done, Task 1 done, Task 2 done, Task 3 done, Task 4 done"],
        ["03-multiprocessing"] = ["\n[1, 4, 9, 16]\n", "\nExecuting in separate process"],
        ["04-async"] = ["\nTask started", "\nTask completed"],
        ["05-comparison"] = ["\n| Method | I/O-bound speed-up"],
    };

    public static TheoryData<string> Notebooks() => AppExporterTests.Notebooks();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task ExportedApp_CourseNotebook_BuildsAndRunsLikeItsLesson(string notebook)
    {
        var notebookPath = Path.Combine(TestRepository.NotebooksFolder, notebook);
        var app = AppExporter.AppPathFor(notebookPath);
        var name = Path.GetFileNameWithoutExtension(notebook);
        var charts = TestRepository.NewTempFolder("app-charts");

        var build = await RunDotnetAsync(["build", app], charts);
        Assert.True(build.ExitCode == 0, $"dotnet build {app} failed:\n{build.Output}");
        Assert.DoesNotContain(": warning ", build.Output); // the repository's Directory.Build.props also makes warnings errors
        var run = await RunDotnetAsync(["run", "--no-build", app], charts);

        Assert.True(run.ExitCode == 0, $"{name} exited with {run.ExitCode}:\n{Tail(run.Output)}");
        Assert.Contains($"✔ {name} ran to the end ({MustThrowCount(notebookPath)} exercise check(s) threw, as expected).", run.Output);
        var position = 0;
        foreach (var heading in Headings(notebookPath))
        {
            var found = run.Output.IndexOf("\n" + heading + "\n", position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"heading '{heading}' is not printed after position {position}:\n{Tail(run.Output)}");
            position = found;
        }

        foreach (var seed in SeedOutputs.GetValueOrDefault(name, []))
        {
            Assert.Contains(seed, run.Output);
        }

        foreach (Match chart in ChartLine().Matches(run.Output))
        {
            var page = File.ReadAllText(new Uri(chart.Groups["uri"].Value).LocalPath);
            Assert.Contains(PlotlyScript.MarkerAttribute, page);
            Assert.Contains(ChartHtml.ContainerClass, page);
        }
    }

    [Fact]
    public async Task ExportedApp_RedeclarationsLocalFunctionsAndAnUnexpectedThrow_RenamesShipsStartsCellsOnOneThreadAndFails()
    {
        var folder = TestRepository.NewTempFolder("app-fixture");
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject(),
            ["cells"] = new JsonArray(
                Code("#!import setup.csx"),
                Code("var all = 1;"),
                Code("var all = \"two\";\nConsole.WriteLine($\"all is {all}\");"),
                Code("Console.WriteLine(Later(3));\nint Later(int n) => n * 2;"),
                Code("using (var pool = new ProcessPool(1))\n    Console.WriteLine(\"in a worker: \" + string.Join(\", \", pool.Map(Later, new[] { 1, 2 })));"),
                Code("await Task.Delay(1);\nall"),
                Code("QuickChart.Columns(\"fixture chart\", new[] { \"a\" }, new[] { 1.0 }, \"x\")"),
                Code("void Check() { if (!args.Contains(\"answered\")) throw new Exception(\"Not yet\"); }\nCheck();", raises: true),
                Code("if (args.Contains(\"boom\")) throw new InvalidOperationException(\"boom\");\nConsole.WriteLine(\"last cell\");"),
                Code("var cellThread = Environment.CurrentManagedThreadId;\nawait Task.Delay(10);"),
                Code("Console.WriteLine($\"same cell thread: {Environment.CurrentManagedThreadId == cellThread}, \" +\n    $\"pool: {Thread.CurrentThread.IsThreadPoolThread}\");")),
        };
        var app = Path.Combine(folder, "fixture.cs");
        File.WriteAllText(app, AppExporter.Render(NotebookDocument.Parse(notebook.ToJsonString()),
            Path.Combine(TestRepository.NotebooksFolder, "fixture.ipynb"), folder, TestRepository.Root));

        var build = await RunDotnetAsync(["build", app], folder);
        Assert.True(build.ExitCode == 0, $"dotnet build failed:\n{build.Output}\n{File.ReadAllText(app)}");
        var passing = await RunDotnetAsync(["run", "--no-build", app], folder);
        var boom = await RunDotnetAsync(["run", "--no-build", app, "--", "boom"], folder);
        var answered = await RunDotnetAsync(["run", "--no-build", app, "--", "answered"], folder);
        var transcript = Path.Combine(folder, "transcript.jsonl");
        var recorded = await RunDotnetAsync(["run", "--no-build", app], folder, transcript);

        Assert.True(passing.ExitCode == 0, passing.Output);
        Assert.Matches(@"all is two\n6\nin a worker: 2, 4\ntwo\n\[chart\] fixture chart: file://\S+/cell07\.html\n\(cell 8 threw, as expected", passing.Output);
        Assert.Contains("last cell", passing.Output);
        Assert.Contains("same cell thread: True, pool: False", passing.Output); // each cell starts on the cells' thread, as in the kernel
        Assert.Equal(1, boom.ExitCode);
        Assert.Contains("fixture: cell 9 failed: System.InvalidOperationException: boom", boom.Output);
        Assert.DoesNotContain("last cell", boom.Output);
        Assert.Equal(1, answered.ExitCode);
        Assert.Contains("cell 8 is tagged raises-exception but did not throw", answered.Output);

        // The handout from the app run: each cell's outputs under it, the chart drawn offline, the check's error kept.
        Assert.Equal(0, recorded.ExitCode);
        var executed = AppHandout.Fill(NotebookDocument.Parse(notebook.ToJsonString()), File.ReadLines(transcript));
        var executedPath = Path.Combine(folder, "executed.ipynb");
        executed.Save(executedPath);
        Assert.Empty(NbformatSchema.Errors(File.ReadAllText(executedPath))); // the app handout's notebook is valid nbformat 4.5 too
        string Outputs(int number) => executed.Cells[number - 1].Node["outputs"]!.ToJsonString();
        Assert.Contains("Concurrency Notebooks ready", Outputs(1));
        Assert.Contains("all is two", Outputs(3));
        Assert.Contains("in a worker: 2, 4", Outputs(5));
        Assert.Contains(ChartHtml.ContainerClass, Outputs(7));
        Assert.Contains("\"evalue\":\"Not yet\"", Outputs(8));
        Assert.Contains("last cell", Outputs(9));
        var handout = HandoutWriter.Render(executed, "fixture");
        Assert.Contains(PlotlyScript.MarkerAttribute, handout);
        Assert.Contains("all is two", handout);
    }

    private static int MustThrowCount(string notebookPath) =>
        NotebookDocument.Load(notebookPath).Cells.Count(cell => cell.IsCode && cell.ExpectsError);

    /// <summary>The notebook's markdown headings as the app prints them (text without hashes), outside code fences.</summary>
    private static IEnumerable<string> Headings(string notebookPath)
    {
        foreach (var cell in NotebookDocument.Load(notebookPath).Cells.Where(c => c.CellType == "markdown"))
        {
            var inFence = false;
            foreach (var line in cell.Source.Split('\n').Select(l => l.TrimEnd()))
            {
                inFence ^= line.StartsWith("```", StringComparison.Ordinal);
                if (!inFence && HeadingLine().Match(line) is { Success: true } heading)
                {
                    yield return heading.Groups[1].Value.Trim();
                }
            }
        }
    }

    private static string Tail(string output) => output.Length > 6000 ? output[^6000..] : output;

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(IEnumerable<string> arguments, string chartsDirectory, string? transcript = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["CONCURRENCY_NOTEBOOKS_TIME_SCALE"] = "0.05",
            ["CONCURRENCY_NOTEBOOKS_CHARTS_DIR"] = chartsDirectory,
        };
        if (transcript is not null)
        {
            environment[ConcurrencyNotebooks.Apps.NotebookApp.TranscriptVariable] = transcript;
        }

        var (exitCode, output) = await DotnetProcess.RunAsync(TestRepository.Root, arguments, environment);
        return (exitCode, output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static JsonObject Code(string source, bool raises = false) => new()
    {
        ["cell_type"] = "code",
        ["metadata"] = raises ? new JsonObject { ["tags"] = new JsonArray("raises-exception") } : new JsonObject(),
        ["source"] = source,
        ["outputs"] = new JsonArray(),
        ["execution_count"] = null,
    };

    [GeneratedRegex(@"^\[chart\] .*: (?<uri>file://\S+)$", RegexOptions.Multiline)]
    private static partial Regex ChartLine();

    [GeneratedRegex("^#{1,6} (.+)$")]
    private static partial Regex HeadingLine();
}
