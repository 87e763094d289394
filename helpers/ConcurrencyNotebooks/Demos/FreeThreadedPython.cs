namespace ConcurrencyNotebooks.Demos;

/// <summary>Finds a free-threaded CPython build (<c>python3.14t</c>, or the experimental <c>python3.13t</c>) on the PATH,
/// so a notebook can measure Python's threads without the GIL too.</summary>
/// <remarks>Optional, like <see cref="PythonTwin"/>: <see cref="IsAvailable"/> tells whether one is there. Thread-safe.</remarks>
public static class FreeThreadedPython
{
    private static readonly string[] Names = OperatingSystem.IsWindows()
        ? ["python3.14t.exe", "python3.13t.exe"]
        : ["python3.14t", "python3.13t"];

    private static readonly Lazy<string?> _python = new(() => Names
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)))
        .FirstOrDefault(File.Exists));

    /// <summary>Gets whether a free-threaded CPython is on the PATH.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Name))]
    public static bool IsAvailable => _python.Value is not null;

    /// <summary>Gets the interpreter's file name (such as <c>python3.14t</c>), or null when there is none.</summary>
    public static string? Name => _python.Value is { } path ? Path.GetFileName(path) : null;

    /// <summary>Runs <paramref name="script"/> with the free-threaded interpreter and parses the numbers of its last line,
    /// as <see cref="PythonTwin.RunForNumbers"/> does.</summary>
    /// <param name="script">The script's path, relative to the notebook's folder.</param>
    /// <param name="arguments">Arguments for the script.</param>
    /// <returns>The numbers of the last line of standard output, in order.</returns>
    /// <exception cref="InvalidOperationException">When there is no free-threaded Python, or the script fails.</exception>
    public static double[] RunForNumbers(string script, params string[] arguments) =>
        PythonTwin.RunForNumbersWith(
            _python.Value ?? throw new InvalidOperationException("No free-threaded Python (python3.14t or python3.13t) is on the PATH."),
            script, arguments);
}
