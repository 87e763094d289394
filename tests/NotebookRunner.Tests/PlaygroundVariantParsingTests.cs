using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>How a notebook's Playground variants are read from its metadata and turned into the notebook a variant runs.</summary>
public sealed class PlaygroundVariantParsingTests
{
    [Fact]
    public void Read_NoPlaygroundMetadata_GivesNoVariants()
    {
        Assert.Empty(PlaygroundVariant.Read(Notebook(null, Code("#!import setup.csx"))));
    }

    [Fact]
    public void Read_DeclaredVariants_GivesNamesEditsAndCells()
    {
        var variants = PlaygroundVariant.Read(Notebook(
            """[{"name": "more jobs", "edits": [{"find": "jobs: 12", "replace": "jobs: 40"}], "cells": ["var lab"]},""" +
            """ {"name": "again", "edits": [], "cells": ["A", "A"]}]"""));

        Assert.Equal(["more jobs", "again"], variants.Select(v => v.Name));
        Assert.Equal(new PlaygroundEdit("jobs: 12", "jobs: 40"), Assert.Single(variants[0].Edits));
        Assert.Equal(["var lab"], variants[0].Cells!);
        Assert.Equal(["A", "A"], variants[1].Cells!);
    }

    [Fact]
    public void Read_VariantWithNothingToRun_IsAnErrorNamingIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => PlaygroundVariant.Read(Notebook("""[{"name": "empty", "edits": []}]""")));

        Assert.Contains("'empty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WithoutCells_RunsFromTheTopThroughTheLastEditedCell()
    {
        var notebook = Notebook(null, Code("#!import setup.csx"), Markdown("# Lab"), Code("var n = 12;"), Code("Console.WriteLine(n);"));
        var variant = new PlaygroundVariant("forty", [new PlaygroundEdit("12", "40")], null);

        var run = variant.Apply(notebook);

        Assert.Equal(["#!import setup.csx", "# Lab", "var n = 40;"], run.Cells.Select(cell => cell.Source));
        Assert.Equal("var n = 12;", notebook.Cells[2].Source);
    }

    [Fact]
    public void Apply_WithCells_RunsTheSetupThenTheListedCellsInOrderWithOutputsCleared()
    {
        var notebook = Notebook(null, Code("#!import setup.csx"), Code("var a = 1;"), Code("var b = 2;", output: true));
        var variant = new PlaygroundVariant("b twice", [new PlaygroundEdit("a = 1", "a = 3")], ["var b", "var b", "var a"]);

        var run = variant.Apply(notebook);

        Assert.Equal(["#!import setup.csx", "var b = 2;", "var b = 2;", "var a = 3;"], run.Cells.Select(cell => cell.Source));
        Assert.All(run.Cells, cell => Assert.Empty(cell.Node["outputs"]!.AsArray()));
    }

    [Theory]
    [InlineData("var", "occurs 2 times")]
    [InlineData("absent", "occurs 0 times")]
    public void Apply_FindNotExactlyOnce_IsAnErrorSayingHowOften(string find, string expected)
    {
        var notebook = Notebook(null, Code("#!import setup.csx"), Code("var a = 1;"), Code("var b = 2;"));

        var error = Assert.Throws<InvalidOperationException>(() => new PlaygroundVariant("v", [new PlaygroundEdit(find, "x")], null).Apply(notebook));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("exactly once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CellsEntryMatchingTwoCells_IsAnErrorNamingThem()
    {
        var notebook = Notebook(null, Code("#!import setup.csx"), Code("var a = 1;"), Code("var b = 2;"));

        var error = Assert.Throws<InvalidOperationException>(() => new PlaygroundVariant("v", [], ["var"]).Apply(notebook));

        Assert.Contains("identifies 2 code cells (cells 2, 3)", error.Message, StringComparison.Ordinal);
    }

    private static NotebookDocument Notebook(string? playground, params JsonObject[] cells)
    {
        var metadata = new JsonObject();
        if (playground is not null)
        {
            metadata[PlaygroundVariant.MetadataKey] = new JsonObject { [PlaygroundVariant.PlaygroundKey] = JsonNode.Parse(playground) };
        }

        return NotebookDocument.Parse(new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = metadata,
            ["cells"] = new JsonArray([.. cells]),
        }.ToJsonString());
    }

    private static JsonObject Code(string source, bool output = false) => new()
    {
        ["cell_type"] = "code",
        ["metadata"] = new JsonObject(),
        ["source"] = source,
        ["outputs"] = output ? new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "2\n" }) : new JsonArray(),
        ["execution_count"] = null,
    };

    private static JsonObject Markdown(string source) => new() { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };
}
