using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>One cell of a <see cref="NotebookDocument"/>: a view over its JSON object.</summary>
internal sealed class NotebookCell
{
    private readonly string _defaultKernelName;

    internal NotebookCell(JsonObject node, int number, string defaultKernelName)
    {
        Node = node;
        Number = number;
        _defaultKernelName = defaultKernelName;
    }

    /// <summary>Gets the cell's JSON object.</summary>
    public JsonObject Node { get; }

    /// <summary>Gets the cell's 1-based position in the notebook, markdown cells counted (cell 1 is the first cell of the file).</summary>
    public int Number { get; }

    /// <summary>Gets the nbformat cell type: <c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType => Node["cell_type"]?.GetValue<string>() ?? "";

    /// <summary>Gets whether this is a code cell (the only kind sent to the kernel).</summary>
    public bool IsCode => CellType == "code";

    /// <summary>Gets the cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public string Source => JoinText(Node["source"]);

    /// <summary>Gets the first non-blank line of the source, trimmed, for messages.</summary>
    public string FirstLine =>
        Source.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "(empty cell)";

    /// <summary>The nbformat cell tag (as nbconvert reads it) of a cell that must throw: an exercise check before its answer.</summary>
    public const string RaisesExceptionTag = "raises-exception";

    /// <summary>Gets whether the cell is tagged <see cref="RaisesExceptionTag"/>, so an error is its expected outcome.</summary>
    public bool ExpectsError =>
        Node["metadata"]?["tags"] is JsonArray tags && tags.Any(tag => tag?.GetValue<string>() == RaisesExceptionTag);

    /// <summary>Gets the metadata object, created when missing.</summary>
    public JsonObject Metadata => Node["metadata"] as JsonObject ?? (JsonObject)(Node["metadata"] = new JsonObject());

    /// <summary>The cell-metadata key of the runner's record of a cell's run (started, finished, duration_ms, status): its
    /// own key, since nbformat's <c>execution</c> holds ISO time strings only.</summary>
    public const string RunMetadataKey = "notebook_runner";

    /// <summary>Gets the runner's record of this cell's run, or null when it did not run.</summary>
    public JsonObject? Run => Metadata[RunMetadataKey] as JsonObject;

    /// <summary>Gets the subkernel the cell targets: from Polyglot or .NET Interactive cell metadata, else the notebook default (csharp).</summary>
    public string KernelName
    {
        get
        {
            var metadata = Node["metadata"];
            var fromPolyglot = metadata?["polyglot_notebook"]?["kernelName"]?.GetValue<string>();
            var fromDotnetInteractive = metadata?["dotnet_interactive"]?["language"]?.GetValue<string>();
            return NormalizeKernelName(fromPolyglot ?? fromDotnetInteractive) ?? _defaultKernelName;
        }
    }

    /// <summary>Joins an nbformat multiline string (a string or an array of strings).</summary>
    /// <param name="node">The JSON value.</param>
    /// <returns>The text, or an empty string.</returns>
    public static string JoinText(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => "",
    };

    /// <summary>Maps language names used in notebook metadata (<c>C#</c>, <c>F#</c>, <c>PowerShell</c>) to kernel names.</summary>
    /// <param name="name">A kernel or language name, or null.</param>
    /// <returns>The kernel name, or null when <paramref name="name"/> is empty.</returns>
    public static string? NormalizeKernelName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "c#" or "csharp" or ".net-csharp" => "csharp",
        "f#" or "fsharp" or ".net-fsharp" => "fsharp",
        "powershell" or "pwsh" or ".net-pwsh" or ".net-powershell" => "pwsh",
        var other => other,
    };
}
