using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>The runner's <c>app-handout [notebooks…] [--out dir] [--env NAME=VALUE]…</c> subcommand: runs each notebook's
/// exported app and writes the executed notebook and the same HTML handout as a kernel run, with no kernel.</summary>
/// <remarks>Each app's run time goes to <c>run-times.json</c> in that folder; by default (<c>artifacts/apps/</c>) the
/// facilitator page shows it next to the notebook's Run All.</remarks>
internal static class AppHandoutCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "app-handout";

    /// <summary>Builds the subcommand (without an action) and a function that reads its arguments.</summary>
    /// <returns>The command and the reader (notebooks, output folder, environment).</returns>
    public static (Command Command, Func<ParseResult, (string[] Paths, string? Output, string[] Environment)> Read) Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks or folders whose apps to run (default: notebooks/ under the repository root).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--out") { Description = "The folder for the handouts (default: artifacts/apps/).", HelpName = "dir" };
        var environment = new Option<string[]>("--env")
        {
            Description = "An environment variable for the app, NAME=VALUE; repeat for more.",
            HelpName = "NAME=VALUE",
            DefaultValueFactory = _ => [],
        };
        var command = new Command(Name, "Runs each notebook's app (notebooks/apps/) and writes the executed notebook and its HTML handout, with no kernel.")
        {
            paths,
            output,
            environment,
        };
        return (command, result => (result.GetValue(paths) ?? [], result.GetValue(output), result.GetValue(environment) ?? []));
    }

    /// <summary>Runs the apps and writes their handouts.</summary>
    /// <param name="paths">Notebooks or folders; empty for the repository's notebooks/.</param>
    /// <param name="outputDirectory">The handouts folder, or null for artifacts/apps/.</param>
    /// <param name="environment">NAME=VALUE pairs for the apps.</param>
    /// <param name="console">Where to print.</param>
    /// <param name="cancellationToken">Stops the run (the app is killed).</param>
    /// <returns><see cref="ExitCodes.Success"/> when every app exited with 0, else <see cref="ExitCodes.NotebookFailed"/>.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string? outputDirectory, IReadOnlyList<string> environment,
        IAnsiConsole console, CancellationToken cancellationToken)
    {
        var root = RepositoryLocator.FindRepositoryRoot(Environment.CurrentDirectory);
        IReadOnlyList<string> notebooks;
        try
        {
            notebooks = NotebookDiscovery.Expand(paths.Count > 0 ? paths : [Path.Combine(root, "notebooks")]);
        }
        catch (FileNotFoundException exception)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return ExitCodes.UsageError;
        }

        var output = Path.GetFullPath(outputDirectory ?? Path.Combine(root, "artifacts", "apps"));
        var failed = false;
        var log = RunTimeLog.Load(output);
        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(notebook);
            var transcript = Path.Combine(output, name + ".transcript.jsonl");
            Directory.CreateDirectory(output);
            console.MarkupLine($"{Markup.Escape(name)} [grey]running {Markup.Escape(AppExporter.AppPathFor(notebook))}[/]");
            // Built first, so the time recorded is the lesson's run, not the build's.
            try
            {
                await DotnetCommand.RunAsync(root, ["build", AppExporter.AppPathFor(notebook)], cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                failed = true;
                console.MarkupLine($"[red]FAILED[/] the app does not build: {Markup.Escape(exception.Message)}");
                continue;
            }

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.GetTimestamp();
            var exitCode = await RunAppAsync(AppExporter.AppPathFor(notebook), root, transcript, environment, cancellationToken).ConfigureAwait(false);
            var executed = AppHandout.Fill(NotebookDocument.Load(notebook), File.Exists(transcript) ? File.ReadLines(transcript) : []);
            var duration = Stopwatch.GetElapsedTime(clock);
            AppHandout.Stamp(executed, exitCode, started, duration);
            if (RunTimeLog.ScaleOf(executed) is { } scale)
            {
                log.Record(name, scale, new RunTimeLog.RunTime(duration.TotalSeconds, exitCode == 0, started + duration));
                log.Save(output);
            }

            var notebookPath = Path.Combine(output, name + ".ipynb");
            var handoutPath = Path.Combine(output, name + ".html");
            executed.Save(notebookPath);
            HandoutWriter.Write(executed, name, handoutPath);
            failed |= exitCode != 0;
            console.MarkupLine(exitCode == 0
                ? $"[green]passed[/] {Markup.Escape(handoutPath)}"
                : $"[red]FAILED[/] the app exited with {exitCode}; handout of what ran: {Markup.Escape(handoutPath)}");
        }

        return failed ? ExitCodes.NotebookFailed : ExitCodes.Success;
    }

    private static async Task<int> RunAppAsync(string app, string root, string transcript, IReadOnlyList<string> environment, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
        startInfo.ArgumentList.Add("run");
        startInfo.ArgumentList.Add("--no-build");
        startInfo.ArgumentList.Add(app);
        foreach (var pair in environment.Select(p => p.Split('=', 2)).Where(p => p.Length == 2))
        {
            startInfo.Environment[pair[0]] = pair[1];
        }

        startInfo.Environment[ConcurrencyNotebooks.Apps.NotebookApp.TranscriptVariable] = transcript;
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
