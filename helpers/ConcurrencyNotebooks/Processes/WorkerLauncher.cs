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

    /// <summary>The word a held worker waits for on its stdin, alone on a line.</summary>
    private const string ReleaseWord = "go";

    /// <summary>Gets the line a held worker waits for on its stdin before its runtime starts (see <see cref="HeldStartInfo"/>).</summary>
    public static byte[] ReleaseLine { get; } = System.Text.Encoding.ASCII.GetBytes(ReleaseWord + "\n");

    /// <summary>The shell a held worker waits in; it reads one line, then becomes the worker (same process, same pid).</summary>
    private const string Shell = "/bin/sh";

    /// <summary>Gets whether workers can be held (a POSIX shell is there to wait in: Linux, macOS); tests set it false to force
    /// the fallback, in which every worker of a cold pool starts its runtime at once.</summary>
    public static bool CanHold { get; internal set; } = !OperatingSystem.IsWindows() && File.Exists(Shell);

    /// <summary>Builds the start info for a worker that exists at once but starts its runtime only once it reads
    /// <see cref="ReleaseLine"/> on its stdin; it exits, never starting, when its stdin closes first.</summary>
    /// <remarks>A tiny shell reads the line (byte by byte, so nothing after it is consumed) and then execs the worker in
    /// place. A process start-up keeps a core busy, so more start-ups than cores only make every one of them finish later.</remarks>
    /// <param name="testHost">A test host's path and arguments, or empty (see <see cref="StartInfo"/>).</param>
    /// <exception cref="PlatformNotSupportedException"><see cref="CanHold"/> is false.</exception>
    public static ProcessStartInfo HeldStartInfo(params string[] testHost)
    {
        if (!CanHold)
        {
            throw new PlatformNotSupportedException($"Holding a worker needs {Shell}.");
        }

        var info = StartInfo(testHost);
        var command = new List<string>(info.ArgumentList);
        info.ArgumentList.Clear();
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"read -r line && [ \"$line\" = {ReleaseWord} ] && exec \"$0\" \"$@\"");
        info.ArgumentList.Add(info.FileName);
        foreach (var argument in command)
        {
            info.ArgumentList.Add(argument);
        }

        info.FileName = Shell;
        return info;
    }

    /// <summary>Builds the start info for a worker with redirected stdin, stdout and stderr.</summary>
    /// <param name="testHost">A test host's path and arguments, which dotnet runs in place of the worker host; empty for the worker host.</param>
    public static ProcessStartInfo StartInfo(params string[] testHost)
    {
        var info = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in testHost.Length == 0 ? [WorkerPath()] : testHost)
        {
            info.ArgumentList.Add(argument);
        }

        // The kernel may set these for itself; a worker wants the plain defaults of its own runtimeconfig.
        info.Environment.Remove("DOTNET_STARTUP_HOOKS");

        // No LTTng tracepoint provider: loading it probes for liblttng-ust again and again at every start, on every cold
        // pool's path, for tracing nobody attaches to a worker.
        info.Environment["DOTNET_LTTng"] = "0";
        return info;
    }
}
