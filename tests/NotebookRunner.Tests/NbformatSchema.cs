using NJsonSchema;

namespace NotebookRunner.Tests;

/// <summary>Validates notebooks against nbformat's own v4.5 JSON schema (copied from the Jupyter project, BSD-3).</summary>
internal static class NbformatSchema
{
    private static readonly Lazy<JsonSchema> _schema = new(() =>
        JsonSchema.FromJsonAsync(Flattened(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "nbformat.v4.5.schema.json"))))
            .GetAwaiter().GetResult());

    /// <summary>Lists what makes the notebook invalid nbformat 4.5, one line each; empty when it is valid.</summary>
    /// <param name="json">The .ipynb text.</param>
    public static IReadOnlyList<string> Errors(string json) =>
        _schema.Value.Validate(json).Select(Describe).ToList();

    /// <summary>Moves the schema's nested <c>definitions/misc/X</c> up to <c>definitions/misc_X</c> (and its references with
    /// them): NJsonSchema resolves references to direct definitions only. The rules themselves are unchanged.</summary>
    private static string Flattened(string schemaJson)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(schemaJson)!.AsObject();
        var definitions = root["definitions"]!.AsObject();
        var misc = definitions["misc"]!.AsObject();
        definitions.Remove("misc");
        foreach (var (name, definition) in misc.ToList())
        {
            misc.Remove(name);
            definitions[$"misc_{name}"] = definition;
        }

        return root.ToJsonString().Replace("\"#/definitions/misc/", "\"#/definitions/misc_", StringComparison.Ordinal);
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{error.Path}: {error.Kind} ({string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe).Take(4))})"
            : $"{error.Path}: {error.Kind}";
}
