using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>The committed apps (<c>notebooks/apps/*.cs</c>) are exactly what the exporter makes of their notebooks, and the
/// exporter translates what the kernel allows and one file does not: redeclarations, a cell's last value, checks that throw.</summary>
public sealed class AppExporterTests
{
    public static TheoryData<string> Notebooks() =>
        new(NotebookDiscovery.NotebooksInFolder(TestRepository.NotebooksFolder).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Render_CourseNotebook_EqualsItsCommittedApp(string notebook)
    {
        var path = Path.Combine(TestRepository.NotebooksFolder, notebook);
        var app = AppExporter.AppPathFor(path);
        Assert.True(File.Exists(app), $"{app} is missing: run {AppExporter.ExportCommand}");
        Assert.True(AppExporter.Render(path) == File.ReadAllText(app), $"{app} differs from {notebook}: run {AppExporter.ExportCommand}");
    }

    [Fact]
    public void Render_NameDeclaredAgain_IsRenamedFromThatCellOnAndMemberNamesStay()
    {
        var app = Export(
            Code("var all = new List<int> { 1 };"),
            Code("Console.WriteLine(all.Count);"),
            Code("var all = \"x\";\nvar t = new Thread(() => { }) { Name = all };"),
            Code("Console.WriteLine(all.Length + t.Name!.Length);"));

        Assert.Contains("var all = new List<int> { 1 };", app);
        Assert.Contains("Console.WriteLine(all.Count);", app);
        Assert.Contains("var all_3 = \"x\";", app);
        Assert.Contains("{ Name = all_3 }", app);
        Assert.Contains("Console.WriteLine(all_3.Length + t.Name!.Length);", app);
    }

    [Fact]
    public void Render_LastExpressionAndDisplayCalls_BecomeAppShowCalls()
    {
        var app = Export(Code("var tl = new Timeline(\"t\");\ntl"), Code("\"| a |\".DisplayAs(\"text/markdown\");"));

        Assert.Contains("NotebookApp.Show(tl);", app);
        Assert.Contains("NotebookApp.ShowAs(\"| a |\", \"text/markdown\");", app);
        Assert.Contains("var shown = NotebookApp.Show(\"0\", \"text/plain\");", Export(Code("var shown = \"0\".Display(\"text/plain\");")));
    }

    [Fact]
    public void Render_CheckCell_RunsInATryAndItsLocalFunctionsStayVisible()
    {
        var app = Export(Code("void Check(int n)\n{\n    if (n == 0) throw new Exception(\"Not yet\");\n}\nCheck(0);", raises: true), Code("Check(1);"));

        var function = app.IndexOf("void Check(int n)", StringComparison.Ordinal);
        var tryBlock = app.IndexOf("try\n{\n    Check(0);\n    NotebookApp.DidNotThrow();\n}", StringComparison.Ordinal);
        Assert.True(function >= 0 && tryBlock > function, app);
        Assert.Contains("NotebookApp.ThrewAsExpected(", app);
    }

    [Fact]
    public void Render_MarkdownCell_BecomesCommentsAndItsHeadingsArePrinted()
    {
        var app = Export(Markdown("## Threads\nSome text.\n```python\n# not a heading\n```"));

        Assert.Contains("// ## Threads\n// Some text.\n", app);
        Assert.Contains("NotebookApp.Heading(\"## Threads\");", app);
        Assert.DoesNotContain("NotebookApp.Heading(\"# not a heading\")", app);
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "magic command")]
    [InlineData("#r \"other/Library.dll\"", "cannot map")]
    [InlineData("var x = ;", "does not parse")]
    public void Render_CellAnAppCannotHold_FailsNamingTheCell(string source, string reason)
    {
        var error = Assert.Throws<AppExportException>(() => Export(Markdown("# Title"), Code("var ok = 1;"), Code(source)));

        Assert.Equal(3, error.CellNumber);
        Assert.Contains("cell 3", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Render_CheckCellDeclaringAVariable_FailsNamingTheCell()
    {
        var error = Assert.Throws<AppExportException>(() => Export(Code("var answer = 1;\nthrow new Exception(\"Not yet\");", raises: true)));

        Assert.Equal(1, error.CellNumber);
        Assert.Contains("'answer'", error.Message);
    }

    [Fact]
    public void Render_SetupImport_BecomesAProjectReferenceUsingsAndAppSetup()
    {
        var app = Export(Code("#!import setup.csx"));

        Assert.StartsWith("#:project ../../helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj\n", app);
        Assert.Contains("\nusing ConcurrencyNotebooks.Processes;\n", app);
        Assert.Contains("NotebookApp.Setup(\"lesson\",", app);
        Assert.DoesNotContain("Notebook.Setup()", app);
        Assert.DoesNotContain("first-contact", app);
        Assert.DoesNotContain("dotnet build", app);
        Assert.EndsWith("return NotebookApp.Finish();\n", app);
    }

    [Fact]
    public void Render_SolutionsImport_IsInlinedSoItsFunctionsAndChecksRun()
    {
        var folder = TestRepository.NewTempFolder("solutions-export");
        Directory.CreateDirectory(Path.Combine(folder, "solutions"));
        File.WriteAllText(Path.Combine(folder, "solutions", "lesson.csx"),
            "int CountSolution(int n) => n;\nExerciseChecks.CheckCount(CountSolution);\n");

        var app = Export(folder, Code("int Count(int n) => 0;"), Code("ExerciseChecks.CheckCount(Count);", raises: true),
            Code("#!import solutions/lesson.csx"), Code("Console.WriteLine(CountSolution(2));"));

        var solution = app.IndexOf("// ---- cell 3\nawait NotebookApp.Cell(3);\nint CountSolution(int n) => n;\nExerciseChecks.CheckCount(CountSolution);\n",
            StringComparison.Ordinal);
        Assert.True(solution > 0, app);
        Assert.DoesNotContain("#!import", app);
        Assert.True(app.IndexOf("Console.WriteLine(CountSolution(2));", StringComparison.Ordinal) > solution, app);
    }

    [Fact]
    public void Render_SolutionsImportOfAMissingFile_FailsNamingTheCellAndTheFile()
    {
        var folder = TestRepository.NewTempFolder("solutions-missing");

        var error = Assert.Throws<AppExportException>(() => Export(folder, Code("var ok = 1;"), Code("#!import solutions/lesson.csx")));

        Assert.Equal(2, error.CellNumber);
        Assert.Contains(Path.Combine(folder, "solutions", "lesson.csx"), error.Message, StringComparison.Ordinal);
        Assert.Contains("must exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fill_AppTranscript_FillsEachCellWithItsOutputs()
    {
        var notebook = NotebookDocument.Parse(new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject(),
            ["cells"] = new JsonArray(Markdown("# T"), Code("Console.WriteLine(1);"), Code("var x = 2;"), Code("x")),
        }.ToJsonString());
        string[] transcript =
        [
            """{"cell":2,"output":{"output_type":"stream","name":"stdout","text":"1\n"}}""",
            """{"cell":4,"output":{"output_type":"display_data","data":{"text/plain":"1"},"metadata":{},"transient":{"display_id":"d"}}}""",
            """{"cell":4,"output":{"output_type":"update_display_data","data":{"text/plain":"2"},"metadata":{},"transient":{"display_id":"d"}}}""",
        ];

        var executed = AppHandout.Fill(notebook, transcript);

        Assert.Equal("1\n", executed.Cells[1].Node["outputs"]![0]!["text"]!.GetValue<string>());
        Assert.Empty(executed.Cells[2].Node["outputs"]!.AsArray());
        Assert.Equal("2", executed.Cells[3].Node["outputs"]![0]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Single(executed.Cells[3].Node["outputs"]!.AsArray());
        Assert.Null(executed.Cells[3].Node["outputs"]![0]!["transient"]);
        Assert.Empty(notebook.Cells[1].Node["outputs"]!.AsArray());
        Assert.Throws<InvalidDataException>(() => AppHandout.Fill(notebook, ["not json"]));
    }

    /// <summary>Exports cells as if they were <c>notebooks/lesson.ipynb</c> of this repository.</summary>
    private static string Export(params JsonObject[] cells) => Export(TestRepository.NotebooksFolder, cells);

    /// <summary>Exports cells as if they were <c>lesson.ipynb</c> in <paramref name="notebooksFolder"/> (its imports resolve there).</summary>
    private static string Export(string notebooksFolder, params JsonObject[] cells)
    {
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject(),
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()),
        };
        var path = Path.Combine(notebooksFolder, "lesson.ipynb");
        return AppExporter.Render(NotebookDocument.Parse(notebook.ToJsonString()), path,
            Path.Combine(notebooksFolder, AppExporter.AppsFolderName), TestRepository.Root);
    }

    private static JsonObject Code(string source, bool raises = false) => new()
    {
        ["cell_type"] = "code",
        ["metadata"] = raises ? new JsonObject { ["tags"] = new JsonArray("raises-exception") } : new JsonObject(),
        ["source"] = source,
        ["outputs"] = new JsonArray(),
        ["execution_count"] = null,
    };

    private static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    };
}
