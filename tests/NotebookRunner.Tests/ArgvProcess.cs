using System.Collections.Concurrent;
using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>A process started from an argv, as Jupyter (kernel.json) or VS Code (kernelTransportArgs) start a kernel; disposing kills its whole tree.</summary>
internal sealed class ArgvProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ArgvProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Gets the id of the started process (the root of its tree).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Gets whether the started process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the stdout and stderr lines so far, interleaved as they arrived.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts <c>argv[0]</c> with the other elements as its arguments, stdin, stdout and stderr piped.</summary>
    /// <param name="argv">The command and its arguments, placeholders already substituted.</param>
    /// <param name="workingDirectory">Where it starts (Jupyter and VS Code start a kernel in the notebook's folder).</param>
    /// <returns>The running process.</returns>
    public static ArgvProcess Start(IReadOnlyList<string> argv, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // CI runs with HOME empty, where the kernel tool cannot start; Jupyter and VS Code always run with a HOME.
        HomeFallback.ApplyTo(startInfo.Environment);
        return new ArgvProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {argv[0]}."));
    }

    /// <summary>Writes one line to the process's stdin.</summary>
    /// <param name="line">The line, without its newline.</param>
    /// <returns>A task that completes when the line is flushed.</returns>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Gets the last lines of output, for failure messages.</summary>
    /// <param name="count">How many lines.</param>
    /// <returns>The lines joined with newlines.</returns>
    public string Tail(int count = 30) => string.Join('\n', _output.TakeLast(count));

    /// <summary>Kills the process and every descendant, then waits (up to 10 s) for it to exit.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported by the tests that check for leftovers; not worth hanging a test run for.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
