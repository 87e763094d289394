using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>Runs <c>dotnet &lt;arguments&gt;</c> to its end for a test (an app, a tool), whatever its exit code.</summary>
internal static class DotnetProcess
{
    /// <summary>An upper bound for a hung process, not a timing check: it is killed then.</summary>
    private static readonly TimeSpan _limit = TimeSpan.FromMinutes(10);

    /// <summary>Runs the command with HOME set as the runner sets it; returns its exit code and stdout followed by stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
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

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        HomeFallback.ApplyTo(startInfo.Environment);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(_limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
