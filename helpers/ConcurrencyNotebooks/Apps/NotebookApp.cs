using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ConcurrencyNotebooks.Charts;
using ConcurrencyNotebooks.Timelines;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace ConcurrencyNotebooks.Apps;

/// <summary>What a notebook exported as a file-based app calls in place of the kernel: set-up, headings, the display of
/// a cell's last value, exercise checks that must throw, and the exit code.</summary>
/// <remarks>The exporter (<c>NotebookRunner export-apps</c>) writes the calls; nobody edits them by hand. Timelines
/// print as text; charts are written as offline HTML files (<see cref="ChartsDirectory"/>) and their paths printed.
/// A cell that throws unexpectedly ends the app with exit code 1, naming the cell; so does a check that does not throw.</remarks>
public static class NotebookApp
{
    /// <summary>The environment variable that names the folder for chart files (default: a folder under the temp folder).</summary>
    public const string ChartsDirectoryVariable = "CONCURRENCY_NOTEBOOKS_CHARTS_DIR";

    private static readonly CancellationTokenSource _stop = new();
    private static readonly List<string> _problems = [];
    private static readonly Dictionary<int, int> _chartsPerCell = [];
    private static int _expectedThrows;
    private static int _cellNumber;
    private static string _name = "notebook";
    private static AppTranscript? _transcript;
    private static readonly CellThread _cellThread = new();

    /// <summary>The environment variable that names a file where the app records its outputs per cell (JSON lines), for a handout.</summary>
    public const string TranscriptVariable = "CONCURRENCY_NOTEBOOKS_APP_TRANSCRIPT";

    private static TextWriter Terminal => _transcript?.Terminal ?? Console.Out;

    /// <summary>Gets whether this process is an exported app (<see cref="Setup"/> ran).</summary>
    public static bool IsRunning { get; private set; }

    /// <summary>Gets the app's name: its notebook's file name without extension.</summary>
    public static string Name => _name;

    /// <summary>Gets the folder chart files are written to.</summary>
    public static string ChartsDirectory { get; private set; } = "";

    /// <summary>Gets the number of the notebook cell that runs now (1-based, markdown cells counted, as the runner counts).</summary>
    public static int CurrentCell => _cellNumber;

    /// <summary>Gets the token Ctrl+C cancels: the app's Stop button (a second Ctrl+C ends the app).</summary>
    public static CancellationToken StopToken => _stop.Token;

    /// <summary>Gets the app's using directives: a lambda shipped to a worker process is compiled with them.</summary>
    public static IReadOnlyList<string> Usings { get; private set; } = [];

    /// <summary>The app's set-up cell: prints the same line as <see cref="Notebook.Setup"/> and arms Ctrl+C and failure reports.</summary>
    /// <param name="name">The notebook's name, e.g. <c>03-multiprocessing</c>.</param>
    /// <param name="notebookFolder">The notebook's folder relative to the app's: it becomes the working directory, as the
    /// kernel's is the notebook's folder (so relative paths such as <c>python/gil_threads.py</c> resolve alike).</param>
    /// <param name="usings">The app's using directives (<c>using System.Diagnostics;</c>), for lambdas sent to workers.</param>
    /// <param name="appPath">The app's source file (the compiler fills it in).</param>
    public static void Setup(string name, string notebookFolder, IReadOnlyList<string> usings, [CallerFilePath] string appPath = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(usings);
        _name = name;
        Usings = usings;
        if (Path.GetDirectoryName(appPath) is { Length: > 0 } appFolder
            && Path.GetFullPath(Path.Combine(appFolder, notebookFolder)) is var folder && Directory.Exists(folder))
        {
            Environment.CurrentDirectory = folder;
        }

        IsRunning = true;
        ChartsDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable(ChartsDirectoryVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "concurrency-notebooks-charts", name));
        if (Environment.GetEnvironmentVariable(TranscriptVariable) is { Length: > 0 } transcriptPath)
        {
            _transcript = AppTranscript.Start(Console.Out, Path.GetFullPath(transcriptPath));
            _transcript.StartCell(_cellNumber);
            Console.SetOut(_transcript);
        }

        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !_stop.IsCancellationRequested;
            _stop.Cancel();
        };
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Out.Flush();
            _transcript?.Add(ErrorOutput(e.ExceptionObject as Exception));
            _transcript?.Finish();
            Console.Error.WriteLine($"✘ {_name}: cell {_cellNumber} failed: {e.ExceptionObject}");
            Console.Error.Flush();
            Environment.Exit(1);
        };
        Console.WriteLine(Notebook.Describe());
    }

    /// <summary>Prints a markdown heading of the story, as the notebook shows it.</summary>
    /// <param name="heading">The heading line, hashes included (<c>## The thread pool</c>).</param>
    public static void Heading(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var level = heading.TakeWhile(c => c == '#').Count();
        var text = heading[level..].Trim();
        Terminal.WriteLine();
        Terminal.WriteLine(text);
        Terminal.WriteLine(new string(level <= 1 ? '=' : '-', Math.Max(3, text.Length)));
    }

    /// <summary>Starts a notebook code cell: failures and chart files name it, and (awaited) it runs on the one thread every
    /// cell starts on, as in the kernel, whatever thread the previous cell's last <c>await</c> resumed on.</summary>
    /// <param name="number">The cell's number in the notebook.</param>
    /// <returns>An awaitable that continues on the cells' thread.</returns>
    public static CellThread.Awaitable Cell(int number)
    {
        _transcript?.StartCell(number);
        _cellNumber = number;
        return _cellThread.SwitchTo();
    }

    /// <summary>Displays a value as the kernel would, in a terminal: a timeline as text plus an HTML chart file, a chart as an
    /// HTML file, anything else with the kernel's plain-text formatter. A cell's last value and <c>x.Display()</c> come here.</summary>
    /// <param name="value">The value.</param>
    /// <param name="mimeTypes">The MIME types the notebook asked for (<c>x.Display("text/plain")</c>); a terminal shows text.</param>
    /// <returns>The shown value, which <see cref="ShownValue.Update"/> replaces, as the kernel's <c>DisplayedValue</c>.</returns>
    public static ShownValue Show(object? value, params string[] mimeTypes)
    {
        var shown = new ShownValue(Guid.NewGuid().ToString("N"));
        Show(value, shown.Id, update: false);
        return shown;
    }

    /// <summary>Displays text of a given MIME type (markdown, HTML), as <c>text.DisplayAs(mimeType)</c> does in a notebook;
    /// a terminal shows the text as it is.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mimeType">Its MIME type, e.g. <c>text/markdown</c>.</param>
    public static void ShowAs(string text, string mimeType)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        Display(text ?? "", mimeType == PlainTextFormatter.MimeType ? null : (mimeType, text ?? ""), displayId: null, update: false);
    }

    /// <summary>Shows <paramref name="value"/> in the place of an earlier display (a new line in a terminal).</summary>
    internal static void Show(object? value, string displayId, bool update)
    {
        switch (value)
        {
            case null:
                Display("<null>", null, displayId, update);
                break;
            case Timeline timeline:
                var timelineChart = TimelineChart.Create(timeline);
                Display(TextTimeline.Render(timeline) + WriteChart(timelineChart, timeline.Title), ("text/html", ChartHtml.Render(timelineChart)), displayId, update);
                break;
            case GenericChart chart:
                Display(WriteChart(chart, TitleOf(chart)), ("text/html", ChartHtml.Render(chart)), displayId, update);
                break;
            case string text:
                Display(text, null, displayId, update);
                break;
            default:
                Display(value.ToDisplayString(PlainTextFormatter.MimeType), null, displayId, update);
                break;
        }
    }

    /// <summary>Reports the throw of a check cell tagged <c>raises-exception</c>; the app goes on.</summary>
    /// <param name="exception">What the check threw.</param>
    public static void ThrewAsExpected(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _expectedThrows++;
        _transcript?.Add(ErrorOutput(exception));
        Terminal.WriteLine($"(cell {_cellNumber} threw, as expected until the exercise is answered) " +
            $"{exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>Records that a check cell tagged <c>raises-exception</c> did not throw: a check that passes before it is
    /// answered cannot fail, so the app will exit with 1 (the runner's rule).</summary>
    public static void DidNotThrow()
    {
        var problem = $"cell {_cellNumber} is tagged raises-exception but did not throw: " +
            "a check that passes before it is answered cannot fail.";
        _problems.Add(problem);
        Console.Error.WriteLine($"✘ {problem}");
    }

    /// <summary>Ends the app: prints a summary and returns its exit code (0, or 1 when a check did not throw).</summary>
    /// <returns>The process exit code.</returns>
    public static int Finish()
    {
        _transcript?.Finish();
        Console.WriteLine();
        Console.WriteLine(_problems.Count == 0
            ? $"✔ {_name} ran to the end ({_expectedThrows} exercise check(s) threw, as expected)."
            : $"✘ {_name} ran to the end with {_problems.Count} problem(s): {string.Join(" ", _problems)}");
        return _problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Prints a shown value and records it in the transcript: plain text, plus HTML or another MIME type when given,
    /// under a display id that a later update replaces.</summary>
    private static void Display(string plain, (string MimeType, string Text)? rich, string? displayId, bool update)
    {
        Terminal.Write(plain.EndsWith('\n') ? plain : plain + "\n");
        if (_transcript is not null)
        {
            var data = new JsonObject { ["text/plain"] = plain };
            if (rich is var (mimeType, text))
            {
                data[mimeType] = text;
            }

            var output = new JsonObject { ["output_type"] = update ? "update_display_data" : "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
            if (displayId is not null)
            {
                output["transient"] = new JsonObject { ["display_id"] = displayId };
            }

            _transcript.Add(output);
        }
    }

    private static JsonObject ErrorOutput(Exception? exception) => new()
    {
        ["output_type"] = "error",
        ["ename"] = exception?.GetType().Name ?? "Error",
        ["evalue"] = exception?.Message ?? "",
        ["traceback"] = new JsonArray(exception?.ToString() ?? ""),
    };

    private static string TitleOf(GenericChart chart) =>
        JsonNode.Parse(GenericChart.toFigureJson(chart))?["layout"]?["title"]?["text"]?.GetValue<string>() is { Length: > 0 } title
            ? title
            : "chart";

    /// <summary>Writes a chart as an offline page and returns the line that says where.</summary>
    private static string WriteChart(GenericChart chart, string title)
    {
        Directory.CreateDirectory(ChartsDirectory);
        var count = _chartsPerCell[_cellNumber] = _chartsPerCell.GetValueOrDefault(_cellNumber) + 1;
        var file = string.Create(CultureInfo.InvariantCulture, $"cell{_cellNumber:00}{(count > 1 ? $"-{count}" : "")}.html");
        var path = Path.Combine(ChartsDirectory, file);
        File.WriteAllText(path, ChartPage.Render(chart, $"{_name}: {title}"));
        return $"[chart] {title}: {new Uri(path).AbsoluteUri}\n";
    }
}
