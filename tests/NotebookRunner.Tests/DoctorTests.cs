using Spectre.Console;

namespace NotebookRunner.Tests;

public sealed class DoctorTests
{
    private static readonly DateTime Built = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Doctor_EverythingThere_AllReadyAndExitCode0()
    {
        var machine = new FakeMachine();

        var lines = DoctorChecks.Run(machine);

        Assert.All(lines, line => Assert.Equal(DoctorStatus.Ready, line.Status));
        Assert.Equal(ExitCodes.Success, DoctorChecks.ExitCode(lines));
        Assert.Contains(lines, line => line.ToString() == "✓ python3: Python 3.13.1 (/usr/bin/python3): the Python twins run.");
        Assert.Contains(lines, line => line.Subject == "multiprocessing start method" && line.Detail.StartsWith("fork (", StringComparison.Ordinal));
    }

    [Fact]
    public void Doctor_HelpersNotBuilt_MissingAndExitCode1()
    {
        var machine = new FakeMachine { Files = { [DoctorChecks.HelpersLibrary] = null } };

        var lines = DoctorChecks.Run(machine);

        var helpers = lines.Single(line => line.Subject == "helpers built");
        Assert.Equal(DoctorStatus.Missing, helpers.Status);
        Assert.Contains("dotnet build helpers/NotebookRunner", helpers.Detail, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotebookFailed, DoctorChecks.ExitCode(lines));
    }

    [Fact]
    public void Doctor_HelpersOlderThanASource_NoteNamingTheSource()
    {
        var machine = new FakeMachine { NewestSourceTime = Built.AddMinutes(5) };

        var helpers = DoctorChecks.Helpers(machine);

        Assert.Equal(DoctorStatus.Note, helpers.Status);
        Assert.Contains("helpers/ConcurrencyNotebooks/Demo.cs", helpers.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_KernelToolNotRestored_MissingAndSaysToolRestore()
    {
        var machine = new FakeMachine { RestoredFolders = [] };

        var kernel = DoctorChecks.Kernel(machine);

        Assert.Equal(DoctorStatus.Missing, kernel.Status);
        Assert.Contains("dotnet tool restore", kernel.Detail, StringComparison.Ordinal);
        Assert.Contains("1.0.712001", kernel.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_NoPythonNoFreeThreadedOneCoreNoChromium_NotesOnlyAndExitCode0()
    {
        var machine = new FakeMachine { OnPath = [], FreeThreadedPython = null, ProcessorCount = 1 };

        var lines = DoctorChecks.Run(machine);

        Assert.Equal(["python3", "free-threaded Python", "cores", "Chromium"],
            lines.Where(line => line.Status == DoctorStatus.Note).Select(line => line.Subject));
        Assert.DoesNotContain(lines, line => line.Subject == "multiprocessing start method");
        Assert.Equal(ExitCodes.Success, DoctorChecks.ExitCode(lines));
    }

    [Theory]
    [InlineData("spawn")]
    [InlineData("forkserver")]
    public void Doctor_SpawningStartMethod_SaysTheMainGuardIsNeeded(string method)
    {
        var machine = new FakeMachine { PythonOutput = $"3.14.0\n{method}\n" };

        var line = DoctorChecks.Python(machine).Last();

        Assert.StartsWith(method + " (", line.Detail, StringComparison.Ordinal);
        Assert.Contains("if __name__ == \"__main__\":", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_PythonThatDoesNotAnswer_IsANote()
    {
        var machine = new FakeMachine { PythonOutput = null };

        var line = Assert.Single(DoctorChecks.Python(machine));

        Assert.Equal(DoctorStatus.Note, line.Status);
    }

    [Fact]
    public async Task Doctor_RealCommand_PrintsTheHelpersLineAndTheOtherSystemsNote()
    {
        var (console, text) = RunnerCommandTests.RecordingConsole();

        var exitCode = await RunnerCommand.InvokeAsync([DoctorCommand.Name], console);

        var printed = text.ToString();
        Assert.Contains("helpers built: ", printed, StringComparison.Ordinal);
        Assert.Contains("kernel tool restored: ", printed, StringComparison.Ordinal);
        Assert.Contains("on Windows or macOS", printed, StringComparison.Ordinal);
        Assert.Contains(exitCode, new[] { ExitCodes.Success, ExitCodes.NotebookFailed });
    }

    private sealed class FakeMachine : IDoctorMachine
    {
        public FakeMachine()
        {
            Files[DoctorChecks.HelpersLibrary] = Built;
            Files[DoctorChecks.WorkerLibrary] = Built;
        }

        public Dictionary<string, DateTime?> Files { get; } = new(StringComparer.Ordinal);

        public DateTime NewestSourceTime { get; init; } = Built.AddHours(-1);

        public string[] RestoredFolders { get; init; } = ["/packages/microsoft.dotnet-interactive/1.0.712001"];

        public string[] OnPath { get; init; } = ["python3", "chromium"];

        public string? PythonOutput { get; init; } = "3.13.1\nfork\n";

        public string RepositoryRoot => "/repo";

        public string PackagesFolder => "/packages";

        public int ProcessorCount { get; init; } = 4;

        public string? FreeThreadedPython { get; init; } = "python3.14t";

        public DateTime? LastWriteUtc(string path) =>
            Files.TryGetValue(Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/'), out var time) ? time : null;

        public (string Path, DateTime WrittenUtc)? NewestSource(string folder) =>
            folder.EndsWith("helpers/ConcurrencyNotebooks", StringComparison.Ordinal) ? (folder + "/Demo.cs", NewestSourceTime) : null;

        public string? ReadText(string path) => path.EndsWith(RepositoryLocator.ToolManifestRelativePath, StringComparison.Ordinal)
            ? """{"version": 1, "tools": {"microsoft.dotnet-interactive": {"version": "1.0.712001", "commands": ["dotnet-interactive"]}}}"""
            : null;

        public bool DirectoryExists(string path) => RestoredFolders.Contains(path.Replace('\\', '/'));

        public string? FindOnPath(params string[] names) => names.Where(OnPath.Contains).Select(name => "/usr/bin/" + name).FirstOrDefault();

        public (int ExitCode, string Output)? Run(string program, params string[] arguments) =>
            PythonOutput is null ? (1, "") : (0, PythonOutput);
    }
}
