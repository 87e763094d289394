using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public sealed class NotebookDocumentTests
{
    private const string Notebook = """
        {
         "cells": [
          {"cell_type": "markdown", "id": "a", "metadata": {"custom": {"keep": true}}, "source": ["# Title\n", "text"]},
          {"cell_type": "code", "id": "b", "execution_count": null, "outputs": [],
           "metadata": {"polyglot_notebook": {"kernelName": "fsharp"}, "tags": ["x"]}, "source": "printfn \"hi\""},
          {"cell_type": "code", "id": "c", "execution_count": null, "outputs": [],
           "metadata": {"dotnet_interactive": {"language": "pwsh"}}, "source": ["\n", "  Get-Date\n"]},
          {"cell_type": "code", "id": "d", "execution_count": null, "outputs": [], "metadata": {}, "source": "1"}
         ],
         "metadata": {"unknown_tool": {"nested": [1, 2, {"deep": "value"}]}, "kernelspec": {"name": ".net-csharp", "language": "C#"}},
         "nbformat": 4,
         "nbformat_minor": 5,
         "top_level_extra": "kept"
        }
        """;

    [Fact]
    public void NotebookDocument_RoundTrip_KeepsUnknownFields()
    {
        var document = NotebookDocument.Parse(Notebook);

        var reparsed = JsonNode.Parse(document.ToJson())!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Notebook), reparsed));
        Assert.Equal("value", reparsed["metadata"]!["unknown_tool"]!["nested"]![2]!["deep"]!.GetValue<string>());
        Assert.Equal("kept", reparsed["top_level_extra"]!.GetValue<string>());
    }

    [Fact]
    public void NotebookDocument_CellMetadata_GivesKernelNameAndSource()
    {
        var cells = NotebookDocument.Parse(Notebook).Cells;

        Assert.Equal([1, 2, 3, 4], cells.Select(cell => cell.Number));
        Assert.False(cells[0].IsCode);
        Assert.Equal("# Title\ntext", cells[0].Source);
        Assert.Equal("fsharp", cells[1].KernelName);
        Assert.Equal("pwsh", cells[2].KernelName);
        Assert.Equal("Get-Date", cells[2].FirstLine);
        Assert.Equal("csharp", cells[3].KernelName);
    }

    [Fact]
    public void NotebookDocument_Clone_LeavesOriginalUntouched()
    {
        var original = NotebookDocument.Parse(Notebook);
        var before = original.ToJson();

        var copy = original.Clone();
        copy.Cells[3].Node["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream" });
        copy.Metadata["added"] = 1;

        Assert.Equal(before, original.ToJson());
    }

    [Fact]
    public void NotebookDocument_NotNbformat4_Throws()
    {
        Assert.Throws<InvalidDataException>(() => NotebookDocument.Parse("""{"cells": [], "nbformat": 3}"""));
        Assert.Throws<InvalidDataException>(() => NotebookDocument.Parse("not json"));
    }
}
