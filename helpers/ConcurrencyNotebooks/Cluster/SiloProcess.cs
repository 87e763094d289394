using System.Diagnostics;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Clusters;

/// <summary>One silo host process: started with its ports, watched for its "started" line, stopped by closing its stdin.</summary>
internal sealed class SiloProcess
{
    /// <summary>The silo host's file name, built into helpers/lib/.</summary>
    public const string SiloFileName = "ConcurrencyNotebooks.Silo.dll";

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _errors = new();

    private SiloProcess(Process process, int index, int siloPort, int gatewayPort)
    {
        _process = process;
        Index = index;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    /// <summary>Gets the silo's index in its cluster (0 is the primary).</summary>
    public int Index { get; }

    /// <summary>Gets the port silos talk to this silo on.</summary>
    public int SiloPort { get; }

    /// <summary>Gets the port the client talks to this silo on.</summary>
    public int GatewayPort { get; }

    /// <summary>Gets the process id (kept after the process is gone).</summary>
    public int ProcessId { get; private set; }

    /// <summary>Gets the line the silo printed once started, when it has.</summary>
    public Task<string> Started => _started.Task;

    /// <summary>Starts a silo host process; the primary silo has no <paramref name="primaryPort"/>.</summary>
    public static SiloProcess Start(int index, int siloPort, int gatewayPort, int? primaryPort)
    {
        var info = WorkerLauncher.StartInfo(SiloPath());
        info.ArgumentList.Add("--silo-port");
        info.ArgumentList.Add(siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--gateway-port");
        info.ArgumentList.Add(gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (primaryPort is { } primary)
        {
            info.ArgumentList.Add("--primary");
            info.ArgumentList.Add(primary.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, index, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.Contains(" started", StringComparison.Ordinal))
            {
                silo._started.TrySetResult(line);
            }
        };
        process.ErrorDataReceived += (_, e) => silo.KeepError(e.Data);
        process.Exited += (_, _) => silo._started.TrySetException(new InvalidOperationException(
            $"Silo {index} (pid {process.Id}) exited with code {process.ExitCode} before it started.{silo.ErrorTail()}"));
        process.Start();
        silo.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Returns the last lines the silo wrote to stderr, as a sentence to append to an error, or empty.</summary>
    public string ErrorTail()
    {
        lock (_errors)
        {
            return _errors.Count == 0 ? string.Empty : $" Its last messages:{Environment.NewLine}{string.Join(Environment.NewLine, _errors)}";
        }
    }

    /// <summary>Asks the silo to leave (closes its stdin), waits up to <paramref name="grace"/>, then kills it and waits for its exit.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone.
        }

        using var graceful = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A process that survives SIGKILL for 5 s is beyond our reach; do not hang the notebook on it.
            }
        }

        _process.Dispose();
    }

    /// <summary>Kills the process at once.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
    }

    /// <summary>Returns the silo host's path: next to this library, or in helpers/lib/ of the repository it was built in
    /// (a test or an app that copied the library elsewhere).</summary>
    /// <exception cref="FileNotFoundException">No silo host was found.</exception>
    internal static string SiloPath()
    {
        var dir = Path.GetDirectoryName(typeof(SiloProcess).Assembly.Location);
        for (var at = dir; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            foreach (var candidate in new[] { Path.Combine(at, SiloFileName), Path.Combine(at, "helpers", "lib", SiloFileName) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"The silo host {SiloFileName} is neither next to ConcurrencyNotebooks.dll ({dir}) nor in a helpers/lib/ above it. Build it with: dotnet build helpers/ConcurrencyNotebooks.Silo",
            SiloFileName);
    }

    private void KeepError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_errors)
        {
            _errors.Enqueue(line);
            while (_errors.Count > 20)
            {
                _errors.Dequeue();
            }
        }
    }
}
