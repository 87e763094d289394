using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>Turns the kernel events of one cell into nbformat 4 outputs (<c>stream</c>, <c>display_data</c>, <c>execute_result</c>, <c>error</c>).</summary>
/// <remarks>
/// <para>Consecutive writes to the same stream are merged into one output, as Jupyter does.
/// <c>DisplayedValueUpdated</c> replaces the data of the earlier display with the same <c>valueId</c>;
/// an update whose id was never displayed is kept as a new display rather than lost.</para>
/// <para>Not thread-safe: one collector per cell, fed by one reader.</para>
/// </remarks>
internal sealed partial class CellOutputCollector
{
    private readonly List<JsonObject> _outputs = [];
    private readonly Dictionary<string, JsonObject> _displaysById = new(StringComparer.Ordinal);

    /// <summary>Initializes a collector for the cell with the given execution count.</summary>
    /// <param name="executionCount">The <c>execution_count</c> written on <c>execute_result</c> outputs.</param>
    public CellOutputCollector(int executionCount) => ExecutionCount = executionCount;

    /// <summary>Gets the execution count written on <c>execute_result</c> outputs.</summary>
    public int ExecutionCount { get; }

    /// <summary>Gets the outputs collected so far.</summary>
    public IReadOnlyList<JsonObject> Outputs => _outputs;

    /// <summary>Adds what <paramref name="kernelEvent"/> shows, if anything.</summary>
    /// <param name="kernelEvent">An event of this cell's command or one of its children.</param>
    public void Add(KernelEvent kernelEvent)
    {
        var body = kernelEvent.Body;
        switch (kernelEvent.EventType)
        {
            case "StandardOutputValueProduced":
                AddStream("stdout", PlainText(body));
                break;
            case "StandardErrorValueProduced":
                AddStream("stderr", PlainText(body));
                break;
            case "DisplayedValueProduced":
                AddDisplay(body);
                break;
            case "DisplayedValueUpdated":
                UpdateDisplay(body);
                break;
            case "ReturnValueProduced":
                if (MimeBundle(body) is { Count: > 0 } bundle)
                {
                    _outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["data"] = bundle,
                        ["metadata"] = new JsonObject(),
                        ["execution_count"] = ExecutionCount,
                    });
                }

                break;
        }
    }

    /// <summary>Adds an <c>error</c> output for a failure message from <c>CommandFailed</c> (or from the runner itself).</summary>
    /// <param name="message">The failure message; for exceptions its first line is <c>Type: message</c>.</param>
    public void AddError(string message)
    {
        var (name, value) = SplitErrorMessage(message);
        var traceback = new JsonArray();
        foreach (var line in message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            traceback.Add(line);
        }

        _outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = name,
            ["evalue"] = value,
            ["traceback"] = traceback,
        });
    }

    /// <summary>Builds a fresh JSON array of the outputs, ready to put in a cell.</summary>
    /// <returns>The <c>outputs</c> array.</returns>
    public JsonArray ToJsonArray() => new(_outputs.Select(output => (JsonNode)output.DeepClone()).ToArray());

    /// <summary>Splits a kernel failure message into an exception type name and the message proper.</summary>
    /// <param name="message">The message from <c>CommandFailed</c>.</param>
    /// <returns>The type name (or <c>Error</c> for compile errors and other text) and the value.</returns>
    public static (string Name, string Value) SplitErrorMessage(string message)
    {
        var firstLine = message.Split('\n')[0].TrimEnd('\r');
        var match = ExceptionHeader().Match(firstLine);
        return match.Success
            ? (match.Groups["type"].Value, match.Groups["message"].Value)
            : ("Error", message.TrimEnd());
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.`+]*(Exception|Error)): ?(?<message>.*)$")]
    private static partial Regex ExceptionHeader();

    private static string PlainText(JsonObject body) =>
        FormattedValues(body).FirstOrDefault(v => v.MimeType == "text/plain").Value
        ?? FormattedValues(body).FirstOrDefault().Value
        ?? "";

    private static IEnumerable<(string MimeType, string? Value)> FormattedValues(JsonObject body)
    {
        if (body["formattedValues"] is not JsonArray values)
        {
            yield break;
        }

        foreach (var value in values.OfType<JsonObject>())
        {
            if (value["suppressDisplay"]?.GetValue<bool>() == true)
            {
                continue;
            }

            if (value["mimeType"]?.GetValue<string>() is { } mimeType)
            {
                yield return (mimeType, value["value"]?.GetValue<string>());
            }
        }
    }

    private static JsonObject MimeBundle(JsonObject body)
    {
        var bundle = new JsonObject();
        foreach (var (mimeType, value) in FormattedValues(body))
        {
            bundle[mimeType] = MimeValue(mimeType, value ?? "");
        }

        return bundle;
    }

    private static JsonNode? MimeValue(string mimeType, string value)
    {
        // nbformat stores JSON mime types as JSON, everything else as text.
        if (mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                return value;
            }
        }

        return value;
    }

    private void AddStream(string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (_outputs.Count > 0 && _outputs[^1] is var last
            && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == name)
        {
            last["text"] = last["text"]!.GetValue<string>() + text;
            return;
        }

        _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
    }

    private void AddDisplay(JsonObject body)
    {
        var bundle = MimeBundle(body);
        if (bundle.Count == 0)
        {
            return;
        }

        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = bundle, ["metadata"] = new JsonObject() };
        _outputs.Add(output);
        if (body["valueId"]?.GetValue<string>() is { } valueId)
        {
            _displaysById[valueId] = output;
        }
    }

    private void UpdateDisplay(JsonObject body)
    {
        if (body["valueId"]?.GetValue<string>() is { } valueId && _displaysById.TryGetValue(valueId, out var output))
        {
            var bundle = MimeBundle(body);
            if (bundle.Count > 0)
            {
                output["data"] = bundle;
            }

            return;
        }

        AddDisplay(body);
    }
}
