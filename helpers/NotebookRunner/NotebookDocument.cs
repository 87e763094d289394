using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>An nbformat 4 notebook held as a <see cref="JsonNode"/> tree, so fields the runner does not know survive a round trip.</summary>
internal sealed class NotebookDocument
{
    private static readonly JsonSerializerOptions _writeOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookDocument(JsonObject root)
    {
        Root = root;
        var cells = root["cells"] as JsonArray ?? throw new InvalidDataException("The notebook has no \"cells\" array.");
        Cells = cells.Select((node, index) => new NotebookCell(
            node as JsonObject ?? throw new InvalidDataException($"Cell {index + 1} is not a JSON object."),
            index + 1,
            DefaultKernelName(root))).ToList();
    }

    /// <summary>Gets the whole notebook JSON; changes to it are written by <see cref="Save"/>.</summary>
    public JsonObject Root { get; }

    /// <summary>Gets the cells in notebook order (markdown cells included).</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Gets the notebook-level metadata object, created when missing.</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? (JsonObject)(Root["metadata"] = new JsonObject());

    /// <summary>Reads a notebook file.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="InvalidDataException">When the file is not an nbformat 4 notebook.</exception>
    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses notebook JSON.</summary>
    /// <param name="json">The .ipynb contents.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="InvalidDataException">When the text is not an nbformat 4 notebook.</exception>
    public static NotebookDocument Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The notebook is not valid JSON: {exception.Message}", exception);
        }

        if (node is not JsonObject root)
        {
            throw new InvalidDataException("The notebook is not a JSON object.");
        }

        if (root["nbformat"]?.GetValue<int>() is not 4)
        {
            throw new InvalidDataException("Only nbformat 4 notebooks are supported.");
        }

        return new NotebookDocument(root);
    }

    /// <summary>Makes an independent copy, e.g. to fill with outputs while the source stays untouched.</summary>
    /// <returns>A deep copy.</returns>
    public NotebookDocument Clone() => new((JsonObject)Root.DeepClone());

    /// <summary>Serializes the notebook the way Jupyter does (one-space indent, trailing newline).</summary>
    /// <returns>The .ipynb text.</returns>
    public string ToJson() => Root.ToJsonString(_writeOptions) + "\n";

    /// <summary>Gives every cell without one the <c>id</c> nbformat 4.5 requires, unique in the notebook.</summary>
    public void EnsureCellIds()
    {
        var taken = Cells.Select(cell => cell.Node["id"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var cell in Cells.Where(cell => cell.Node["id"] is null))
        {
            var id = $"cell-{cell.Number}";
            for (var suffix = 2; taken.Contains(id); suffix++)
            {
                id = $"cell-{cell.Number}-{suffix}";
            }

            taken.Add(id);
            cell.Node["id"] = id;
        }
    }

    /// <summary>Writes the notebook to <paramref name="path"/>, creating its folder; every cell gets an id first.</summary>
    /// <param name="path">The target .ipynb file.</param>
    public void Save(string path)
    {
        EnsureCellIds();
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, ToJson());
    }

    private static string DefaultKernelName(JsonObject root)
    {
        var metadata = root["metadata"];
        var polyglot = metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>();
        var language = metadata?["kernelspec"]?["language"]?.GetValue<string>();
        return NotebookCell.NormalizeKernelName(polyglot ?? language) ?? "csharp";
    }
}
