using System.Text;
using System.Text.Json.Nodes;

namespace ConcurrencyNotebooks.Apps;

/// <summary>Records what an exported app prints and shows, cell by cell, as nbformat outputs in a JSON-lines file, from
/// which the runner builds the notebook's handout (<c>NotebookRunner app-handout</c>).</summary>
/// <remarks>Installed as <see cref="Console.Out"/>: text still reaches the terminal, and is kept as the current cell's
/// stdout until the cell changes or a value is shown. Each line of the file is <c>{"cell": n, "output": {…}}</c>, written
/// at once, so a crash keeps what came before. Thread-safe.</remarks>
internal sealed class AppTranscript : TextWriter
{
    private readonly object _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly StreamWriter _file;
    private int _cell;

    private AppTranscript(TextWriter terminal, string path)
    {
        Terminal = terminal;
        _file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
    }

    /// <summary>Gets the console the app prints to.</summary>
    public TextWriter Terminal { get; }

    /// <inheritdoc/>
    public override Encoding Encoding => Terminal.Encoding;

    /// <summary>Starts a transcript at <paramref name="path"/>, printing to <paramref name="terminal"/>.</summary>
    public static AppTranscript Start(TextWriter terminal, string path) => new(terminal, path);

    /// <inheritdoc/>
    public override void Write(char value)
    {
        lock (_gate)
        {
            Terminal.Write(value);
            _pending.Append(value);
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        lock (_gate)
        {
            Terminal.Write(value);
            _pending.Append(value);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        lock (_gate)
        {
            Terminal.Flush();
        }
    }

    /// <summary>Ends the current cell's text: what is printed from now on belongs to cell <paramref name="number"/>.</summary>
    public void StartCell(int number)
    {
        lock (_gate)
        {
            WritePendingText();
            _cell = number;
        }
    }

    /// <summary>Records an nbformat output (display data, error) of the current cell, after the text printed before it.</summary>
    public void Add(JsonObject output)
    {
        lock (_gate)
        {
            WritePendingText();
            WriteLine(output);
        }
    }

    /// <summary>Writes what is pending and closes the file.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            WritePendingText();
            _file.Flush();
            _file.Dispose();
        }
    }

    private void WritePendingText()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        WriteLine(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = _pending.ToString() });
        _pending.Clear();
    }

    private void WriteLine(JsonObject output)
    {
        _file.WriteLine(new JsonObject { ["cell"] = _cell, ["output"] = output }.ToJsonString());
        _file.Flush();
    }
}
