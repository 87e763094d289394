namespace NotebookRunner.Tests;

/// <summary>Which cells the runner sends as an imported script's text (so the kernel cannot lose the script's exception).</summary>
public sealed class ScriptImportTests
{
    [Fact]
    public void CodeToSubmit_ImportOfAPlainScript_IsTheScriptsText()
    {
        var folder = TestRepository.NewTempFolder("script-import");
        Directory.CreateDirectory(Path.Combine(folder, "solutions"));
        File.WriteAllText(Path.Combine(folder, "solutions", "02-x.csx"), "int ASolution() => 1;\nCheck(ASolution);\n");

        Assert.Equal("int ASolution() => 1;\nCheck(ASolution);\n", ScriptImport.CodeToSubmit("#!import solutions/02-x.csx\n", folder));
    }

    [Theory]
    [InlineData("#!import setup.csx", "#!import first-contact.csx\n#r \"../helpers/lib/X.dll\"\nusing X;\n")]
    [InlineData("#!import missing.csx", null)]
    [InlineData("#!import setup.csx\nvar more = 1;", "var x = 1;\n")]
    [InlineData("var x = 1;", null)]
    public void CodeToSubmit_AnythingElse_IsTheCellsSource(string source, string? setupScript)
    {
        var folder = TestRepository.NewTempFolder("script-import");
        if (setupScript is not null)
        {
            File.WriteAllText(Path.Combine(folder, "setup.csx"), setupScript);
        }

        Assert.Equal(source, ScriptImport.CodeToSubmit(source, folder));
    }
}
