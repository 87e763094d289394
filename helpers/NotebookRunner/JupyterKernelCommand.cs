using System.CommandLine;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>The runner's <c>install-jupyter-kernel [--path dir]</c> subcommand: registers the loopback-only <c>.net-csharp</c> kernel.</summary>
internal static class JupyterKernelCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "install-jupyter-kernel";

    /// <summary>Builds the subcommand (without an action) and a function that reads its <c>--path</c>.</summary>
    /// <returns>The command and the reader (null when <c>--path</c> is not given).</returns>
    public static (Command Command, Func<ParseResult, string?> ReadPath) Create()
    {
        var path = new Option<string?>("--path")
        {
            Description = "The Jupyter kernels folder to write into (default: the per-user one, $JUPYTER_DATA_DIR/kernels when set).",
            HelpName = "dir",
        };
        var command = new Command(Name, $"Registers the {JupyterKernelSpec.Name} Jupyter kernel of the pinned dotnet-interactive tool, with its HTTP API on 127.0.0.1 only ({JupyterKernelSpec.LocalOnlyOption}).")
        {
            path,
        };
        return (command, result => result.GetValue(path));
    }

    /// <summary>Installs the kernelspec and reports where; returns <see cref="ExitCodes.NotebookFailed"/> when the tool fails, <see cref="ExitCodes.Cancelled"/> on Ctrl+C.</summary>
    /// <param name="kernelsDirectory">The kernels folder, or null for Jupyter's per-user one.</param>
    /// <param name="console">Where to print.</param>
    /// <param name="cancellationToken">Cancels the install.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string? kernelsDirectory, IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var target = await JupyterKernelSpec.InstallAsync(
                RepositoryLocator.FindRepositoryRoot(Environment.CurrentDirectory),
                kernelsDirectory ?? JupyterKernelSpec.UserKernelsDirectory(Environment.GetEnvironmentVariable),
                cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"Installed the {JupyterKernelSpec.Name} Jupyter kernel in {Markup.Escape(target)}; its HTTP API listens on 127.0.0.1 only.");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return ExitCodes.Cancelled;
        }
        catch (Exception exception) when (exception is InvalidOperationException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return ExitCodes.NotebookFailed;
        }
    }
}
