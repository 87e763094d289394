using System.Diagnostics;

namespace NotebookRunner;

/// <summary>Runs a short <c>dotnet</c> CLI command (tool restore, the kernel tool's installer) to completion.</summary>
internal static class DotnetCommand
{
    /// <summary>Runs <c>dotnet &lt;arguments&gt;</c> in <paramref name="workingDirectory"/> and returns its output; throws when it fails.</summary>
    /// <param name="workingDirectory">Where it runs (the repository root, so the tool manifest is found).</param>
    /// <param name="arguments">The arguments after <c>dotnet</c>.</param>
    /// <param name="cancellationToken">Cancels the wait (the process is killed).</param>
    /// <returns>What it wrote to stdout.</returns>
    /// <exception cref="InvalidOperationException">When it cannot start or exits with a non-zero code.</exception>
    public static async Task<string> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        HomeFallback.ApplyTo(startInfo.Environment);
        var commandLine = "dotnet " + string.Join(' ', startInfo.ArgumentList);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{commandLine}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{commandLine}' in {workingDirectory} failed with exit code {process.ExitCode}:\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }
}
