using System.Diagnostics;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Finds the worker host and the dotnet executable, and builds the start info for one worker process.</summary>
internal static class WorkerLauncher
{
    /// <summary>Gets the file name of the worker host, expected next to this library.</summary>
    public const string WorkerFileName = "ConcurrencyNotebooks.Worker.dll";

    /// <summary>Returns the path of the worker host next to this library.</summary>
    /// <exception cref="FileNotFoundException">The worker host is not there.</exception>
    public static string WorkerPath()
    {
        var dir = Path.GetDirectoryName(typeof(WorkerLauncher).Assembly.Location);
        var path = string.IsNullOrEmpty(dir) ? WorkerFileName : Path.Combine(dir, WorkerFileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The worker host {WorkerFileName} is not next to ConcurrencyNotebooks.dll ({dir}). Build it with: dotnet build helpers/ConcurrencyNotebooks.Worker", path);
    }

    /// <summary>Returns the dotnet executable that runs this process, or "dotnet" from PATH.</summary>
    public static string DotnetPath()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    /// <summary>Builds the start info for a worker with redirected stdin, stdout and stderr.</summary>
    public static ProcessStartInfo StartInfo(params string[] extraArguments)
    {
        var info = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add(WorkerPath());
        foreach (var argument in extraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The kernel may set these for itself; a worker wants the plain defaults of its own runtimeconfig.
        info.Environment.Remove("DOTNET_STARTUP_HOOKS");

        // No LTTng tracepoint provider: loading it probes for liblttng-ust ~50 times at every start, on every cold
        // pool's path, for tracing nobody attaches to a worker.
        info.Environment["DOTNET_LTTng"] = "0";
        return info;
    }
}
