using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>The runner's command line: <c>NotebookRunner &lt;paths…&gt; [--out dir] [--cell-timeout s] [--env NAME=VALUE]…</c>, <c>NotebookRunner install-jupyter-kernel [--path dir]</c>, <c>NotebookRunner export-apps [paths…] [--check]</c>, or <c>NotebookRunner app-handout [paths…] [--out dir] [--env NAME=VALUE]…</c>.</summary>
/// <remarks>Exit codes: <see cref="ExitCodes.Success"/> when every notebook passed, <see cref="ExitCodes.NotebookFailed"/>
/// when a cell failed or timed out, <see cref="ExitCodes.UsageError"/> for a bad command line, <see cref="ExitCodes.Cancelled"/> on Ctrl+C.</remarks>
internal static class RunnerCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the notebooks, printing progress and a summary to <paramref name="console"/>.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where to print, or null for the terminal.</param>
    /// <param name="cancellationToken">Stops the run (Ctrl+C also does); kernels are killed.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> InvokeAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        console ??= CreateTerminalConsole();
        // Actions are set before parsing: a command with a subcommand and no action of its own is a parse error.
        using var termination = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (root, readSettings) = Create();
        var (installKernel, readKernelsPath) = JupyterKernelCommand.Create();
        root.Subcommands.Add(installKernel);
        var (exportApps, readExport) = ExportAppsCommand.Create();
        root.Subcommands.Add(exportApps);
        exportApps.SetAction(result =>
        {
            var (paths, check) = readExport(result);
            return ExportAppsCommand.Run(paths, check, console);
        });
        var (appHandout, readHandout) = AppHandoutCommand.Create();
        root.Subcommands.Add(appHandout);
        appHandout.SetAction((result, _) =>
        {
            var (paths, output, environment) = readHandout(result);
            return AppHandoutCommand.RunAsync(paths, output, environment, console, termination.Token);
        });
        root.Subcommands.Add(DoctorCommand.Create(console));
        root.SetAction((result, _) => RunAsync(readSettings(result), console, termination.Token));
        installKernel.SetAction((result, _) => JupyterKernelCommand.RunAsync(readKernelsPath(result), console, termination.Token));
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            console.WriteLine("Run with --help for usage.");
            return ExitCodes.UsageError;
        }

        // Ctrl+C and SIGTERM cancel the run through our own registration (System.CommandLine's does not stop the
        // default termination here): the running kernel is then killed before the runner exits.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, CancelRun);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, CancelRun);
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, termination.Token).ConfigureAwait(false);

        void CancelRun(PosixSignalContext context)
        {
            context.Cancel = true;
            termination.Cancel();
        }
    }

    /// <summary>Runs the notebooks named by <paramref name="settings"/> and writes their artifacts and the index.</summary>
    /// <param name="settings">Paths, output folder, timeout and kernel environment.</param>
    /// <param name="console">Where to print progress, failures and the summary table.</param>
    /// <param name="cancellationToken">Stops the run; the current kernel is killed.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(RunnerSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        IReadOnlyList<string> notebooks;
        try
        {
            notebooks = NotebookDiscovery.Expand(settings.Paths);
        }
        catch (FileNotFoundException exception)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return ExitCodes.UsageError;
        }

        if (notebooks.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] no notebooks found in {Markup.Escape(string.Join(", ", settings.Paths))}.");
            return ExitCodes.UsageError;
        }

        var outputDirectory = Path.GetFullPath(settings.OutputDirectory
            ?? Path.Combine(RepositoryLocator.FindRepositoryRoot(Environment.CurrentDirectory), "artifacts"));
        var executor = new NotebookExecutor(
            new NotebookRunOptions { CellTimeout = settings.CellTimeout, Environment = settings.Environment },
            new ConsoleRunObserver(console));

        var results = new List<NotebookRunResult>();
        var crashed = new List<(string Path, string Message)>();
        try
        {
            foreach (var notebook in notebooks)
            {
                console.MarkupLine($"{Markup.Escape(Path.GetFileNameWithoutExtension(notebook))} [grey]starting kernel for {Markup.Escape(notebook)}[/]");
                try
                {
                    var result = await executor.RunAsync(notebook, cancellationToken).ConfigureAwait(false);
                    ArtifactWriter.Write(result, outputDirectory);
                    results.Add(result);
                    if (result.Status != NotebookStatus.Passed)
                    {
                        console.MarkupLine("[red]FAILED[/] " + Markup.Escape(result.DescribeFailure()));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    crashed.Add((notebook, exception.Message));
                    console.MarkupLine($"[red]FAILED[/] {Markup.Escape(notebook)}: {Markup.Escape(exception.Message)}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/] The running kernel was stopped.");
            WriteSummary(console, results, crashed);
            return ExitCodes.Cancelled;
        }

        var log = RunTimeLog.Load(outputDirectory);
        var scale = settings.Environment.GetValueOrDefault(ConcurrencyNotebooks.Demos.Demo.TimeScaleVariable)
            ?? Environment.GetEnvironmentVariable(ConcurrencyNotebooks.Demos.Demo.TimeScaleVariable) ?? "1";
        results.ForEach(result => log.Record(result, scale));
        log.Save(outputDirectory);
        FacilitatorPage.Write(notebooks, log, Create().Root, Path.Combine(AppContext.BaseDirectory, "ConcurrencyNotebooks.xml"), outputDirectory);
        var index = IndexWriter.Write(results, outputDirectory);
        WriteSummary(console, results, crashed);
        console.MarkupLine($"Artifacts: {Markup.Escape(index)}");
        return crashed.Count == 0 && results.All(result => result.Status == NotebookStatus.Passed)
            ? ExitCodes.Success
            : ExitCodes.NotebookFailed;
    }

    /// <summary>Creates the terminal console; when output is redirected (CI logs) lines are not wrapped at 80 columns.</summary>
    /// <returns>The console.</returns>
    internal static IAnsiConsole CreateTerminalConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>Builds the root command and a function that reads <see cref="RunnerSettings"/> from a parse result.</summary>
    /// <returns>The command (without an action) and the settings reader.</returns>
    internal static (RootCommand Root, Func<ParseResult, RunnerSettings> ReadSettings) Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb) or folders; a folder runs its *.ipynb sorted by name, skipping names that start with '_' or '.'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out")
        {
            Description = "The artifacts folder (default: artifacts/ under the repository root).",
            HelpName = "dir",
        };
        var cellTimeout = new Option<int>("--cell-timeout")
        {
            Description = "Seconds one cell may run before it is cancelled (then the kernel is killed if the cell ignores Cancel).",
            DefaultValueFactory = _ => (int)NotebookRunOptions.DefaultCellTimeout.TotalSeconds,
            HelpName = "seconds",
        };
        cellTimeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--cell-timeout must be a positive number of seconds.");
            }
        });
        var environment = new Option<string[]>("--env")
        {
            Description = "An environment variable for the kernel, NAME=VALUE; repeat for more.",
            HelpName = "NAME=VALUE",
            DefaultValueFactory = _ => [],
        };
        environment.Validators.Add(result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--env expects NAME=VALUE, got '{pair}'.");
                }
            }
        });

        var root = new RootCommand("Runs Concurrency Notebooks top to bottom in the dotnet-interactive kernel (as VS Code Polyglot does) and writes executed notebooks, HTML handouts and an index.")
        {
            paths,
            output,
            cellTimeout,
            environment,
        };

        RunnerSettings ReadSettings(ParseResult result) => new()
        {
            Paths = result.GetValue(paths) ?? [],
            OutputDirectory = result.GetValue(output),
            CellTimeout = TimeSpan.FromSeconds(result.GetValue(cellTimeout)),
            Environment = (result.GetValue(environment) ?? [])
                .Select(pair => pair.Split('=', 2))
                .GroupBy(parts => parts[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal),
        };

        return (root, ReadSettings);
    }

    private static void WriteSummary(IAnsiConsole console, IReadOnlyList<NotebookRunResult> results, IReadOnlyList<(string Path, string Message)> crashed)
    {
        var table = new Table().AddColumn("Notebook").AddColumn(new TableColumn("Cells").RightAligned()).AddColumn("Result").AddColumn(new TableColumn("Time").RightAligned());
        foreach (var result in results)
        {
            var summary = Markup.Escape(result.Summary);
            table.AddRow(
                Markup.Escape(result.Name),
                result.CodeCellCount.ToString(CultureInfo.InvariantCulture),
                result.Status == NotebookStatus.Passed ? $"[green]{summary}[/]" : $"[red]{summary}[/]",
                ConsoleRunObserver.FormatSeconds(result.Duration));
        }

        foreach (var (path, message) in crashed)
        {
            table.AddRow(Markup.Escape(Path.GetFileNameWithoutExtension(path)), "", $"[red]error: {Markup.Escape(message)}[/]", "");
        }

        console.Write(table);
    }
}
