using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>Fills a notebook with the outputs an exported app recorded (its transcript), so the runner's handout can be
/// built from an app run, with no kernel.</summary>
internal static class AppHandout
{
    /// <summary>Returns a copy of <paramref name="notebook"/> whose code cells hold the outputs recorded for them.</summary>
    /// <param name="notebook">The notebook the app was exported from.</param>
    /// <param name="transcriptLines">The transcript: one <c>{"cell": n, "output": {…}}</c> per line (see <c>NotebookApp</c>).</param>
    /// <returns>The executed copy; cells with nothing recorded get empty outputs.</returns>
    /// <exception cref="InvalidDataException">A line is not a transcript entry.</exception>
    public static NotebookDocument Fill(NotebookDocument notebook, IEnumerable<string> transcriptLines)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(transcriptLines);
        var outputs = new Dictionary<int, JsonArray>();
        foreach (var line in transcriptLines.Where(l => l.Length > 0))
        {
            JsonObject entry;
            try
            {
                entry = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"Not a transcript entry: {line}");
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"Not a transcript entry: {line}", exception);
            }

            var cell = entry["cell"]?.GetValue<int>() ?? 0;
            var output = entry["output"]?.DeepClone() as JsonObject ?? throw new InvalidDataException($"A transcript entry without an output: {line}");
            if (output["output_type"]?.GetValue<string>() == "update_display_data")
            {
                // An update replaces the display with its id, in whichever cell showed it (as Jupyter does).
                var id = output["transient"]?["display_id"]?.GetValue<string>();
                foreach (var shown in outputs.Values.SelectMany(o => o).OfType<JsonObject>()
                    .Where(o => id is not null && o["transient"]?["display_id"]?.GetValue<string>() == id))
                {
                    shown["data"] = output["data"]?.DeepClone();
                }

                continue;
            }

            if (!outputs.TryGetValue(cell, out var list))
            {
                outputs[cell] = list = [];
            }

            list.Add(output);
        }

        foreach (var output in outputs.Values.SelectMany(o => o).OfType<JsonObject>())
        {
            output.Remove("transient"); // a message field, not part of a saved notebook
        }

        var executed = notebook.Clone();
        var count = 0;
        foreach (var cell in executed.Cells.Where(c => c.IsCode))
        {
            cell.Node["outputs"] = outputs.TryGetValue(cell.Number, out var list) ? list : new JsonArray();
            cell.Node["execution_count"] = ++count;
        }

        return executed;
    }

    /// <summary>Records the app run in the notebook's metadata as the kernel runner does, for the handout's banner.</summary>
    /// <param name="executed">The filled notebook.</param>
    /// <param name="exitCode">The app's exit code: 0 is passed, anything else failed.</param>
    /// <param name="started">When the app started.</param>
    /// <param name="duration">How long it ran.</param>
    public static void Stamp(NotebookDocument executed, int exitCode, DateTimeOffset started, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(executed);
        executed.Metadata["notebook_runner"] = new JsonObject
        {
            ["status"] = exitCode == 0 ? "passed" : "failed",
            ["host"] = "file-based app",
            ["started"] = started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["duration_ms"] = (long)duration.TotalMilliseconds,
            ["exit_code"] = exitCode,
        };
    }
}
