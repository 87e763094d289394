using System.Diagnostics;
using System.Globalization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Runs a Python script of the notebooks with the machine's <c>python3</c>, so a notebook can measure the Python side too.</summary>
/// <remarks>Python is optional: <see cref="IsAvailable"/> tells whether it is there, and the notebooks skip the
/// Python measurement without it. Each call starts its own process; thread-safe.</remarks>
public static class PythonTwin
{
    private static readonly Lazy<string?> _python = new(FindPython);

    /// <summary>Gets whether a <c>python3</c> executable is on the PATH.</summary>
    public static bool IsAvailable => _python.Value is not null;

    /// <summary>Runs <paramref name="script"/> and parses the numbers it prints on its last line (invariant culture).</summary>
    /// <remarks>Such numbers are usually timings, so the script starts only once the kernel's background JIT has settled
    /// (as <see cref="Measure"/> waits for it): on a 2-core machine it would otherwise take a core from the script.</remarks>
    /// <param name="script">The script's path, relative to the notebook's folder (the kernel's working directory).</param>
    /// <param name="arguments">Arguments for the script.</param>
    /// <returns>The numbers of the last line of standard output, in order.</returns>
    /// <exception cref="InvalidOperationException">When python3 is missing, the script fails, or its last line is not numbers.</exception>
    /// <exception cref="FileNotFoundException">When the script does not exist.</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop (the Python process is killed).</exception>
    public static double[] RunForNumbers(string script, params string[] arguments) =>
        RunForNumbersWith(_python.Value ?? throw new InvalidOperationException("python3 is not on the PATH, so the Python side cannot be measured here."),
            script, arguments);

    /// <summary>Does what <see cref="RunForNumbers"/> does with the interpreter <paramref name="python"/> (a path).</summary>
    internal static double[] RunForNumbersWith(string python, string script, params string[] arguments)
    {
        JitSettle.Wait(JitSettle.Quiet, JitSettle.Longest, Notebook.StopToken);
        var output = RunWith(python, script, arguments);
        var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var words = lastLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var numbers = new double[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            if (!double.TryParse(words[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new InvalidOperationException($"{script} printed '{lastLine}' as its last line, not numbers.");
            }
        }

        return numbers.Length > 0 ? numbers : throw new InvalidOperationException($"{script} printed no numbers.");
    }

    /// <summary>Runs <paramref name="script"/> and returns what it printed.</summary>
    /// <param name="script">The script's path, relative to the notebook's folder (the kernel's working directory).</param>
    /// <param name="arguments">Arguments for the script.</param>
    /// <returns>The script's standard output.</returns>
    /// <exception cref="InvalidOperationException">When python3 is missing or the script exits with an error.</exception>
    /// <exception cref="FileNotFoundException">When the script does not exist.</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop (the Python process is killed).</exception>
    public static string Run(string script, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        return RunWith(_python.Value ?? throw new InvalidOperationException("python3 is not on the PATH, so the Python side cannot be measured here."),
            script, arguments);
    }

    private static string RunWith(string python, string script, string[] arguments)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"The Python script '{script}' is not in {Environment.CurrentDirectory}.", script);
        }

        return RunProcess(python, [script, .. arguments], onLine: null, script);
    }

    /// <summary>Runs <c>python3</c> with <paramref name="arguments"/>, handing each line it prints to <paramref name="onLine"/> as it comes.</summary>
    internal static string RunProcess(IReadOnlyList<string> arguments, Action<string>? onLine, string name) =>
        RunProcess(_python.Value ?? throw new InvalidOperationException("python3 is not on the PATH."), arguments, onLine, name);

    private static string RunProcess(string python, IReadOnlyList<string> arguments, Action<string>? onLine, string name)
    {
        var startInfo = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{python} did not start.");
        var output = ReadLinesAsync(process.StandardOutput, onLine);
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            process.WaitForExitAsync(Notebook.StopToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? output.GetAwaiter().GetResult()
            : throw new InvalidOperationException($"{name} exited with code {process.ExitCode}: {error.GetAwaiter().GetResult().Trim()}");
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            text.Append(line).Append('\n');
            onLine?.Invoke(line);
        }

        return text.ToString();
    }

    private static string? FindPython() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "python.exe" : "python3"))
            .FirstOrDefault(File.Exists);
}
