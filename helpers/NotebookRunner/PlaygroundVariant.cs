using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>One "Playground" suggestion of a notebook, declared in its top-level metadata
/// (<c>concurrency_notebooks.playground</c>): text edits to code cells, and optionally the cells to run.</summary>
/// <remarks>Each <c>find</c> must occur exactly once among the code cells. With <see cref="Cells"/>, the variant runs the setup
/// cell (the first code cell) and then the cells those substrings identify, in that order (a cell may be listed twice);
/// without it, the notebook from the top through the last edited cell.</remarks>
internal sealed record PlaygroundVariant(string Name, IReadOnlyList<PlaygroundEdit> Edits, IReadOnlyList<string>? Cells)
{
    /// <summary>The notebook metadata key that holds the course's own settings.</summary>
    public const string MetadataKey = "concurrency_notebooks";

    /// <summary>The key, under <see cref="MetadataKey"/>, of the list of variants.</summary>
    public const string PlaygroundKey = "playground";

    /// <summary>Reads the variants a notebook declares (none when the metadata has no list).</summary>
    /// <param name="notebook">The notebook.</param>
    /// <returns>The variants, in declaration order.</returns>
    /// <exception cref="InvalidDataException">A variant lacks a name, or an edit lacks <c>find</c>/<c>replace</c>.</exception>
    public static IReadOnlyList<PlaygroundVariant> Read(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        if (notebook.Metadata[MetadataKey]?[PlaygroundKey] is not JsonArray list)
        {
            return [];
        }

        var variants = new List<PlaygroundVariant>();
        foreach (var (node, index) in list.Select((n, i) => (n, i)))
        {
            var name = Text(node?["name"]) ?? throw new InvalidDataException($"Playground variant {index + 1} has no \"name\".");
            var edits = (node!["edits"] as JsonArray ?? []).Select(edit => new PlaygroundEdit(
                Text(edit?["find"]) ?? throw new InvalidDataException($"Playground variant '{name}' has an edit with no \"find\"."),
                Text(edit?["replace"]) ?? throw new InvalidDataException($"Playground variant '{name}' has an edit with no \"replace\".")))
                .ToList();
            var cells = node["cells"] is JsonArray selected ? selected.Select(c => Text(c) ?? "").ToList() : null;
            if (edits.Count == 0 && (cells is null || cells.Count == 0))
            {
                throw new InvalidDataException($"Playground variant '{name}' has neither edits nor cells: it would run nothing new.");
            }

            variants.Add(new PlaygroundVariant(name, edits, cells));
        }

        return variants;
    }

    /// <summary>Builds the notebook this variant runs: the edits applied, then the selected cells (outputs cleared).</summary>
    /// <param name="notebook">The course notebook (not changed).</param>
    /// <returns>A new notebook holding the cells to run.</returns>
    /// <exception cref="InvalidOperationException">A <c>find</c> does not occur exactly once among the code cells, or a
    /// <c>cells</c> entry does not identify exactly one code cell; the message says which and how many.</exception>
    public NotebookDocument Apply(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var copy = notebook.Clone();
        var code = copy.Cells.Where(cell => cell.IsCode).ToList();
        var lastEdited = -1;
        foreach (var edit in Edits)
        {
            var hits = code.Select(cell => (Cell: cell, Count: Occurrences(cell.Source, edit.Find))).Where(hit => hit.Count > 0).ToList();
            var total = hits.Sum(hit => hit.Count);
            if (total != 1)
            {
                throw new InvalidOperationException($"Playground variant '{Name}': the edit's find text \"{edit.Find}\" occurs {total} times " +
                    $"among the code cells{Where(hits.Select(hit => hit.Cell))}; it must occur exactly once.");
            }

            var cell = hits[0].Cell;
            cell.Node["source"] = cell.Source.Replace(edit.Find, edit.Replace, StringComparison.Ordinal);
            lastEdited = Math.Max(lastEdited, cell.Number - 1);
        }

        var nodes = new List<JsonNode>();
        if (Cells is { Count: > 0 })
        {
            nodes.Add(code[0].Node);
            foreach (var wanted in Cells)
            {
                var matches = code.Where(cell => cell.Source.Contains(wanted, StringComparison.Ordinal)).ToList();
                if (matches.Count != 1)
                {
                    throw new InvalidOperationException($"Playground variant '{Name}': the cells entry \"{wanted}\" identifies {matches.Count} " +
                        $"code cells{Where(matches)}; it must identify exactly one.");
                }

                nodes.Add(matches[0].Node);
            }
        }
        else
        {
            nodes.AddRange(copy.Cells.Take(lastEdited + 1).Select(cell => cell.Node));
        }

        var root = (JsonObject)copy.Root.DeepClone();
        root["cells"] = new JsonArray([.. nodes.Select(Cleared)]);
        return NotebookDocument.Parse(root.ToJsonString());
    }

    private static JsonNode Cleared(JsonNode node)
    {
        var clone = (JsonObject)node.DeepClone();
        if (clone["cell_type"]?.GetValue<string>() == "code")
        {
            clone["outputs"] = new JsonArray();
            clone["execution_count"] = null;
        }

        return clone;
    }

    private static string Where(IEnumerable<NotebookCell> cells)
    {
        var numbers = cells.Select(cell => cell.Number).Distinct().ToList();
        return numbers.Count == 0 ? "" : $" (cell{(numbers.Count > 1 ? "s" : "")} {string.Join(", ", numbers)})";
    }

    private static int Occurrences(string text, string find)
    {
        if (find.Length == 0)
        {
            return 0;
        }

        var count = 0;
        for (var at = text.IndexOf(find, StringComparison.Ordinal); at >= 0; at = text.IndexOf(find, at + find.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>One text edit of a <see cref="PlaygroundVariant"/>: <see cref="Find"/> (occurring once among the code cells) becomes <see cref="Replace"/>.</summary>
internal sealed record PlaygroundEdit(string Find, string Replace);
