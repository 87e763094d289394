using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace NotebookRunner;

/// <summary>Starts the pinned <c>dotnet-interactive</c> tool in stdio mode, writes commands and reads events as JSON lines.</summary>
/// <remarks>
/// <para>The kernel does not exit when its stdin closes, so disposing always kills the whole process tree.
/// Every live kernel is also killed when the runner's process exits, so a cancelled run or a failed test
/// leaves no kernel behind.</para>
/// <para>Writes are serialized; events are read by one background loop into <see cref="Events"/>.</para>
/// </remarks>
internal sealed class KernelProcess : IAsyncDisposable
{
    private const int StandardErrorLinesKept = 40;

    private static readonly ConcurrentDictionary<KernelProcess, byte> _live = new();
    private static readonly SemaphoreSlim _toolRestoreGate = new(1, 1);
    private static readonly HashSet<string> _restoredRepositories = new(StringComparer.Ordinal);

    private readonly Process _process;
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentQueue<string> _standardErrorTail = new();
    private readonly Task _stdoutLoop;
    private readonly Task _stderrLoop;

    static KernelProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();

    private KernelProcess(Process process)
    {
        _process = process;
        _live.TryAdd(this, 0);
        _stdoutLoop = Task.Run(ReadStandardOutputAsync);
        _stderrLoop = Task.Run(ReadStandardErrorAsync);
    }

    /// <summary>Gets the events the kernel wrote, in order; the channel completes when the kernel's stdout closes.</summary>
    public ChannelReader<KernelEvent> Events => _events.Reader;

    /// <summary>Gets the process id of the tool process (the root of the kernel's process tree).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Gets whether the kernel process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the last lines the kernel wrote to stderr, for error messages.</summary>
    public string StandardErrorTail => string.Join('\n', _standardErrorTail);

    /// <summary>Runs <c>dotnet tool restore</c> in <paramref name="repositoryRoot"/> once per runner process, so a fresh clone needs no manual step.</summary>
    /// <param name="repositoryRoot">The folder holding <c>.config/dotnet-tools.json</c>.</param>
    /// <param name="cancellationToken">Cancels the wait (the restore process is killed).</param>
    /// <returns>A task that completes when the tool is available.</returns>
    /// <exception cref="InvalidOperationException">When the restore fails.</exception>
    public static async Task EnsureToolRestoredAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await _toolRestoreGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_restoredRepositories.Contains(repositoryRoot))
            {
                return;
            }

            await DotnetCommand.RunAsync(repositoryRoot, ["tool", "restore"], cancellationToken).ConfigureAwait(false);
            _restoredRepositories.Add(repositoryRoot);
        }
        finally
        {
            _toolRestoreGate.Release();
        }
    }

    /// <summary>Starts a kernel: <c>dotnet tool run dotnet-interactive -- stdio --default-kernel csharp --working-dir &lt;dir&gt;</c>.</summary>
    /// <param name="repositoryRoot">The folder holding the tool manifest; the tool process starts there.</param>
    /// <param name="kernelWorkingDirectory">The kernel's working directory (the notebook's folder, so relative <c>#r</c> paths resolve).</param>
    /// <param name="environment">Extra environment variables for the kernel.</param>
    /// <param name="cancellationToken">Cancels the tool restore that may precede the start.</param>
    /// <returns>The running kernel; dispose it to kill it.</returns>
    public static async Task<KernelProcess> StartAsync(
        string repositoryRoot,
        string kernelWorkingDirectory,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        await EnsureToolRestoredAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = utf8,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
        };
        foreach (var argument in new[] { "tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", "csharp", "--working-dir", kernelWorkingDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        HomeFallback.ApplyTo(startInfo.Environment);
        cancellationToken.ThrowIfCancellationRequested();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the dotnet-interactive tool.");
        return new KernelProcess(process);
    }

    /// <summary>Sends a <c>SubmitCode</c> command.</summary>
    /// <param name="token">The command's token; its events carry it (children carry <c>token.n</c>).</param>
    /// <param name="code">The cell's source.</param>
    /// <param name="targetKernelName">The subkernel to run it in (<c>csharp</c>, <c>fsharp</c>, <c>pwsh</c>, …).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is written.</returns>
    public Task SubmitCodeAsync(string token, string code, string targetKernelName, CancellationToken cancellationToken) =>
        WriteCommandAsync(new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = targetKernelName },
        }, cancellationToken);

    /// <summary>Sends a <c>Cancel</c> command; the kernel honours it only where cell code observes its cancellation token.</summary>
    /// <param name="token">The token of the cancel command itself.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is written.</returns>
    public Task CancelAsync(string token, CancellationToken cancellationToken) =>
        WriteCommandAsync(new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "Cancel",
            ["command"] = new JsonObject(),
        }, cancellationToken);

    /// <summary>Kills the kernel and every process it started; does nothing when it has already exited.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // It is exiting and can no longer be signalled.
        }
    }

    /// <summary>Kills the kernel's process tree and waits for it to exit.</summary>
    /// <returns>A task that completes when the kernel is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        Kill();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A process that cannot be reaped in 10 s is not worth hanging the runner for.
            }
        }

        await Task.WhenAny(Task.WhenAll(_stdoutLoop, _stderrLoop), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _live.TryRemove(this, out _);
        _process.Dispose();
        _writeGate.Dispose();
    }

    private static void KillAllLive()
    {
        foreach (var kernel in _live.Keys)
        {
            kernel.Kill();
        }
    }

    private async Task WriteCommandAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var line = command.ToJsonString() + "\n";
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadStandardOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (KernelEvent.TryParse(line) is { } kernelEvent)
                {
                    _events.Writer.TryWrite(kernelEvent);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The kernel was killed while a line was being read.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task ReadStandardErrorAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _standardErrorTail.Enqueue(line);
                while (_standardErrorTail.Count > StandardErrorLinesKept)
                {
                    _standardErrorTail.TryDequeue(out _);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The kernel was killed while a line was being read.
        }
    }
}
