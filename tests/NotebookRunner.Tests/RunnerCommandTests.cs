using Spectre.Console;

namespace NotebookRunner.Tests;

[Collection(KernelCollection.Name)]
public sealed class RunnerCommandTests
{
    [Fact]
    public async Task RunnerCommand_FailingNotebook_ExitsWith1AndNamesNotebookCellAndFirstLine()
    {
        var notebook = TestRepository.CopyFixture("fail.ipynb");
        var output = TestRepository.NewTempFolder("cli-out");
        var (console, text) = RecordingConsole();

        var exitCode = await RunnerCommand.InvokeAsync([notebook, "--out", output, "--cell-timeout", "120"], console);

        Assert.Equal(ExitCodes.NotebookFailed, exitCode);
        var printed = text.ToString();
        Assert.Contains(notebook, printed, StringComparison.Ordinal);
        Assert.Contains("cell 3 (1-based, markdown cells counted) failed", printed, StringComparison.Ordinal);
        Assert.Contains("// this cell throws", printed, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: boom", printed, StringComparison.Ordinal);
        Assert.Contains("fail [2/4]", printed, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "fail.ipynb")));
        Assert.True(File.Exists(Path.Combine(output, "fail.html")));
        Assert.Contains("failed at cell 3", await File.ReadAllTextAsync(Path.Combine(output, IndexWriter.FileName)), StringComparison.Ordinal);
        Assert.Contains(FacilitatorPage.FileName, await File.ReadAllTextAsync(Path.Combine(output, IndexWriter.FileName)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, FacilitatorPage.FileName)));
        var log = RunTimeLog.Load(output);
        Assert.Contains(log.Scales, scale => log.Find("fail", scale) is not null);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--env", "MISSING_EQUALS")]
    [InlineData("--cell-timeout", "0")]
    public async Task RunnerCommand_BadArguments_ExitsWith2(params string[] extra)
    {
        var (console, _) = RecordingConsole();

        var exitCode = await RunnerCommand.InvokeAsync([TestRepository.Fixture("succeed.ipynb"), .. extra], console);

        Assert.Equal(ExitCodes.UsageError, exitCode);
    }

    [Fact]
    public async Task RunnerCommand_MissingNotebook_ExitsWith2()
    {
        var (console, text) = RecordingConsole();

        var exitCode = await RunnerCommand.InvokeAsync(["/no/such/notebook.ipynb", "--out", TestRepository.NewTempFolder("cli-missing")], console);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("/no/such/notebook.ipynb", text.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A console that records what a command prints, plain text, 400 columns wide.</summary>
    internal static (IAnsiConsole Console, StringWriter Text) RecordingConsole()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 400;
        return (console, text);
    }
}
