using System.CommandLine;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>The runner's <c>export-apps [paths…] [--check]</c> subcommand: writes each notebook as a file-based app in <c>notebooks/apps/</c>.</summary>
internal static class ExportAppsCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "export-apps";

    /// <summary>Builds the subcommand (without an action) and a function that reads its arguments.</summary>
    /// <returns>The command and the reader (paths; whether to only check).</returns>
    public static (Command Command, Func<ParseResult, (string[] Paths, bool Check)> Read) Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks or folders (default: notebooks/ under the repository root).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; fail when a committed app differs from its notebook.",
        };
        var command = new Command(Name, $"Writes each notebook as a .NET 10 file-based app in {AppExporter.AppsFolderName}/ next to it (dotnet run notebooks/{AppExporter.AppsFolderName}/NN-name.cs).")
        {
            paths,
            check,
        };
        return (command, result => (result.GetValue(paths) ?? [], result.GetValue(check)));
    }

    /// <summary>Exports (or checks) the apps and reports each one.</summary>
    /// <param name="paths">Notebooks or folders; empty for the repository's notebooks/.</param>
    /// <param name="check">True to compare only.</param>
    /// <param name="console">Where to print.</param>
    /// <returns><see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.NotebookFailed"/> when a cell cannot be exported or an app is stale.</returns>
    public static int Run(IReadOnlyList<string> paths, bool check, IAnsiConsole console)
    {
        IReadOnlyList<string> notebooks;
        try
        {
            notebooks = NotebookDiscovery.Expand(paths.Count > 0
                ? paths
                : [Path.Combine(RepositoryLocator.FindRepositoryRoot(Environment.CurrentDirectory), "notebooks")]);
        }
        catch (FileNotFoundException exception)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return ExitCodes.UsageError;
        }

        var failed = false;
        foreach (var notebook in notebooks)
        {
            var app = AppExporter.AppPathFor(notebook);
            try
            {
                var text = AppExporter.Render(notebook);
                var current = File.Exists(app) ? File.ReadAllText(app) : null;
                if (check)
                {
                    failed |= current != text;
                    console.MarkupLine(current == text
                        ? $"[green]current[/] {Markup.Escape(app)}"
                        : $"[red]stale[/] {Markup.Escape(app)}: run {Markup.Escape(AppExporter.ExportCommand)}");
                }
                else
                {
                    AppExporter.ExportAll([notebook]);
                    console.MarkupLine($"{(current == text ? "unchanged" : "[green]wrote[/]")} {Markup.Escape(app)}");
                }
            }
            catch (AppExportException exception)
            {
                failed = true;
                console.MarkupLine($"[red]error:[/] {Markup.Escape(notebook)}: {Markup.Escape(exception.Message)}");
            }
        }

        return failed ? ExitCodes.NotebookFailed : ExitCodes.Success;
    }
}
