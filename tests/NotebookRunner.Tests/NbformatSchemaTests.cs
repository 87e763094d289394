namespace NotebookRunner.Tests;

/// <summary>Every notebook the project commits is valid nbformat 4.5, as Jupyter's own validator reads it.</summary>
public sealed class NbformatSchemaTests
{
    public static TheoryData<string> CommittedNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(TestRepository.NotebooksFolder, "*.ipynb")
            .Concat(Directory.EnumerateFiles(Path.Combine(TestRepository.Root, "tests", "NotebookRunner.Tests", "Fixtures"), "*.ipynb"))
            .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestRepository.Root, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Errors_CommittedNotebook_NoneAgainstNbformat45(string notebook)
    {
        var errors = NbformatSchema.Errors(File.ReadAllText(Path.Combine(TestRepository.Root, notebook)));

        Assert.True(errors.Count == 0, $"{notebook} is not valid nbformat 4.5:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void Save_CellsWithoutIds_WritesValidNbformat45WithUniqueIds()
    {
        var document = NotebookDocument.Parse("""
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# a"},
              {"cell_type": "code", "id": "cell-3", "execution_count": null, "metadata": {}, "outputs": [], "source": "1"},
              {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "2"}]}
            """);
        var path = Path.Combine(TestRepository.NewTempFolder("ids"), "saved.ipynb");

        document.Save(path);

        var saved = NotebookDocument.Load(path);
        Assert.Empty(NbformatSchema.Errors(File.ReadAllText(path)));
        Assert.Equal(["cell-1", "cell-3", "cell-3-2"], saved.Cells.Select(cell => cell.Node["id"]!.GetValue<string>()));
    }

    [Fact]
    public void Errors_CellRunRecordedInNbformatsExecutionKey_IsInvalid()
    {
        // nbformat's "execution" metadata holds ISO time strings only: a number there is what the runner once wrote.
        const string json = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "code", "id": "a", "execution_count": 1, "metadata": {"execution": {"duration_ms": 12}},
                        "outputs": [], "source": "1"}]}
            """;

        Assert.NotEmpty(NbformatSchema.Errors(json));
    }
}
