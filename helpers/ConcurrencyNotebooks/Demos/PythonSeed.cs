using System.Diagnostics;
using System.Globalization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Runs one of the guide's own Python snippets live (<c>python/seed/NAME.py</c>), its sleeps scaled by <see cref="Demo.TimeScale"/>.</summary>
/// <remarks>The snippet runs as the main module of <c>python3 -u</c> with the fork start method, so <c>multiprocessing</c> can pickle its functions;
/// <c>time.sleep</c> and <c>asyncio.sleep</c> are scaled before it starts. Its lines are printed as they come. Without
/// <c>python3</c> one line says so. Stop kills the Python process.</remarks>
public static class PythonSeed
{
    /// <summary>The folder of the snippets, relative to the notebooks' folder (the kernel's working directory).</summary>
    public const string Folder = "python/seed";

    // Runs the snippet's code in the real __main__ (pickle looks functions up there) after scaling the sleeps. The guide's
    // multiprocessing code has no `if __name__ == "__main__":` guard, so it needs the fork start method (Linux's default
    // up to Python 3.13; 3.14 defaults to forkserver, whose workers would re-run the unguarded module).
    private const string Prelude = """
        import asyncio, multiprocessing, sys, time
        if "fork" in multiprocessing.get_all_start_methods():
            multiprocessing.set_start_method("fork")
        _scale, _path = float(sys.argv[1]), sys.argv[2]
        _sleep, _async_sleep = time.sleep, asyncio.sleep
        time.sleep = lambda seconds: _sleep(seconds * _scale)
        async def _scaled_async_sleep(delay, result=None):
            return await _async_sleep(delay * _scale, result)
        asyncio.sleep = _scaled_async_sleep
        sys.argv = [_path]
        with open(_path, encoding="utf-8") as _file:
            exec(compile(_file.read(), _path, "exec"))
        """;

    /// <summary>Gets or sets whether this system's Python has the fork start method (every system but Windows); a test seam.</summary>
    internal static Func<bool> HasForkStartMethod { get; set; } = () => !OperatingSystem.IsWindows();

    /// <summary>Runs the guide's snippet <paramref name="name"/> and prints its output under a one-line header.</summary>
    /// <param name="name">The snippet's file name without <c>.py</c>, e.g. <c>thread_join</c>.</param>
    /// <returns>The lines the snippet printed; empty when python3 is not installed.</returns>
    /// <exception cref="FileNotFoundException">When there is no such snippet.</exception>
    /// <exception cref="InvalidOperationException">When the snippet fails (its error is in the message).</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop.</exception>
    public static IReadOnlyList<string> Run(string name) => Run(name, Folder);

    internal static IReadOnlyList<string> Run(string name, string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.Combine(folder, name + ".py");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The guide has no snippet '{name}': {Path.GetFullPath(path)} does not exist.", path);
        }

        if (!PythonTwin.IsAvailable)
        {
            Console.WriteLine("python3 is not installed here, so the guide's code above is shown but not run.");
            return [];
        }

        if (!HasForkStartMethod() && File.ReadAllText(path).Contains("multiprocessing", StringComparison.Ordinal))
        {
            Console.WriteLine("This Python has no fork start method (Windows), and the guide's multiprocessing code has no "
                + "`if __name__ == \"__main__\":` guard, which the spawn method needs: it is shown but not run here.");
            return [];
        }

        var scale = Demo.TimeScale;
        Console.WriteLine(scale == 1
            ? "python3 runs the guide's code:"
            : $"python3 runs the guide's code, its sleeps × {scale.ToString(CultureInfo.InvariantCulture)}:");
        var lines = new List<string>();
        var started = Stopwatch.GetTimestamp();
        PythonTwin.RunProcess(["-u", "-c", Prelude, scale.ToString("R", CultureInfo.InvariantCulture), path], line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }

            Console.WriteLine("  " + line);
        }, path);
        Console.WriteLine($"(python3 took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:N0} ms, its own start included)");
        return lines;
    }
}
