using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>The runner's <c>doctor</c> subcommand: the "before class" checks, one line each (✓ ready, ✗ missing and needed, ! optional or a note).</summary>
/// <remarks>Exit code <see cref="ExitCodes.Success"/> when the class can run, <see cref="ExitCodes.NotebookFailed"/> when something needed is missing.</remarks>
internal static class DoctorCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "doctor";

    /// <summary>Builds the subcommand, which prints to <paramref name="console"/>.</summary>
    /// <param name="console">Where to print.</param>
    /// <returns>The command, with its action.</returns>
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command(Name, "Checks this machine before a class: helpers built, kernel tool restored, Python and its start method, cores, Chromium.");
        command.SetAction(_ => Run(new RealMachine(RepositoryLocator.FindRepositoryRoot(Environment.CurrentDirectory)), console));
        return command;
    }

    /// <summary>Runs the checks on <paramref name="machine"/> and prints them.</summary>
    /// <param name="machine">The machine.</param>
    /// <param name="console">Where to print.</param>
    /// <returns>The exit code.</returns>
    public static int Run(IDoctorMachine machine, IAnsiConsole console)
    {
        var lines = DoctorChecks.Run(machine);
        foreach (var line in lines)
        {
            var color = line.Status switch { DoctorStatus.Ready => "green", DoctorStatus.Missing => "red", _ => "yellow" };
            console.MarkupLine($"[{color}]{line.Mark}[/] {Markup.Escape(line.Subject)}: {Markup.Escape(line.Detail)}");
        }

        console.MarkupLine("[yellow]![/] on Windows or macOS (this machine: " + Markup.Escape(System.Runtime.InteropServices.RuntimeInformation.OSDescription) + "):");
        foreach (var note in DoctorChecks.OtherSystems)
        {
            console.MarkupLine("    - " + Markup.Escape(note));
        }

        var exitCode = DoctorChecks.ExitCode(lines);
        console.MarkupLine(exitCode == ExitCodes.Success ? "[green]Ready for class.[/]" : "[red]Not ready: fix the ✗ lines above.[/]");
        return exitCode;
    }

    /// <summary>This machine.</summary>
    private sealed class RealMachine(string repositoryRoot) : IDoctorMachine
    {
        public string RepositoryRoot => repositoryRoot;

        public string PackagesFolder =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
                ? folder
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        public int ProcessorCount => Environment.ProcessorCount;

        public string? FreeThreadedPython => ConcurrencyNotebooks.Demos.FreeThreadedPython.Name;

        public DateTime? LastWriteUtc(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;

        public (string Path, DateTime WrittenUtc)? NewestSource(string folder)
        {
            if (!Directory.Exists(folder))
            {
                return null;
            }

            var separator = Path.DirectorySeparatorChar;
            return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal))
                .Where(file => !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
                .Select(file => ((string Path, DateTime WrittenUtc)?)(file, File.GetLastWriteTimeUtc(file)))
                .OrderByDescending(source => source!.Value.WrittenUtc)
                .FirstOrDefault();
        }

        public string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        public bool DirectoryExists(string path) => Directory.Exists(path);

        public string? FindOnPath(params string[] names) => names
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);

        public (int ExitCode, string Output)? Run(string program, params string[] arguments)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(info);
                if (process is null)
                {
                    return null;
                }

                var output = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    process.Kill(entireProcessTree: true);
                    return null;
                }

                return (process.ExitCode, output.GetAwaiter().GetResult());
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}
