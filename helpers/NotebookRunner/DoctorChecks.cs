using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>How a "before class" check came out.</summary>
internal enum DoctorStatus
{
    /// <summary>Ready (✓).</summary>
    Ready,

    /// <summary>Missing and needed to run the class (✗): the command exits non-zero.</summary>
    Missing,

    /// <summary>Optional, or worth knowing (!): the class can still run.</summary>
    Note,
}

/// <summary>One printed line of <c>doctor</c>.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Subject">What was checked, e.g. "helpers built".</param>
/// <param name="Detail">What was found and what to do.</param>
internal sealed record DoctorLine(DoctorStatus Status, string Subject, string Detail)
{
    /// <summary>Gets the line's mark: ✓, ✗ or !.</summary>
    public string Mark => Status switch { DoctorStatus.Ready => "✓", DoctorStatus.Missing => "✗", _ => "!" };

    /// <inheritdoc/>
    public override string ToString() => $"{Mark} {Subject}: {Detail}";
}

/// <summary>What the checks look at, so a test can fake the machine.</summary>
internal interface IDoctorMachine
{
    /// <summary>Gets the repository root (the folder holding the tool manifest).</summary>
    string RepositoryRoot { get; }

    /// <summary>Gets the NuGet global packages folder, where <c>dotnet tool restore</c> puts local tools.</summary>
    string PackagesFolder { get; }

    /// <summary>Gets the number of logical processors the runtime sees.</summary>
    int ProcessorCount { get; }

    /// <summary>Gets the file name of the free-threaded Python the notebooks would use, or null.</summary>
    string? FreeThreadedPython { get; }

    /// <summary>Returns a file's last write time (UTC), or null when it does not exist.</summary>
    DateTime? LastWriteUtc(string path);

    /// <summary>Returns the newest C# source or project file under <paramref name="folder"/> (bin and obj skipped), or null.</summary>
    (string Path, DateTime WrittenUtc)? NewestSource(string folder);

    /// <summary>Returns a file's text, or null when it does not exist.</summary>
    string? ReadText(string path);

    /// <summary>Returns whether a folder exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>Returns the first of <paramref name="names"/> found in a PATH folder, as a full path, or null.</summary>
    string? FindOnPath(params string[] names);

    /// <summary>Runs a program to completion (10 s at most) and returns its exit code and standard output, or null when it did not start or finish.</summary>
    (int ExitCode, string Output)? Run(string program, params string[] arguments);
}

/// <summary>The checks <c>doctor</c> runs before a class, as pure functions of an <see cref="IDoctorMachine"/>.</summary>
internal static class DoctorChecks
{
    /// <summary>The library the notebooks load (setup.csx: <c>#r "../helpers/lib/ConcurrencyNotebooks.dll"</c>).</summary>
    public const string HelpersLibrary = "helpers/lib/ConcurrencyNotebooks.dll";

    /// <summary>The worker host the process pool starts.</summary>
    public const string WorkerLibrary = "helpers/lib/ConcurrencyNotebooks.Worker.dll";

    /// <summary>The kernel tool's package id in the tool manifest.</summary>
    public const string KernelTool = "microsoft.dotnet-interactive";

    /// <summary>What <c>doctor</c> asks Python: its version and the multiprocessing start method that applies by default.</summary>
    public const string PythonProbe = "import sys, multiprocessing; print(sys.version.split()[0]); print(multiprocessing.get_start_method())";

    private static readonly string[] _sourceFolders = ["helpers/ConcurrencyNotebooks", "helpers/ConcurrencyNotebooks.Protocol", "helpers/ConcurrencyNotebooks.Worker"];

    /// <summary>Runs every check.</summary>
    /// <param name="machine">The machine to look at.</param>
    /// <returns>One line per check, in the printed order.</returns>
    public static IReadOnlyList<DoctorLine> Run(IDoctorMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var lines = new List<DoctorLine> { Helpers(machine), Kernel(machine) };
        lines.AddRange(Python(machine));
        lines.Add(FreeThreaded(machine));
        lines.Add(Cores(machine.ProcessorCount));
        lines.Add(Chromium(machine));
        return lines;
    }

    /// <summary>Gets the exit code for <paramref name="lines"/>: success unless a needed thing is missing.</summary>
    public static int ExitCode(IEnumerable<DoctorLine> lines) =>
        lines.Any(line => line.Status == DoctorStatus.Missing) ? ExitCodes.NotebookFailed : ExitCodes.Success;

    /// <summary>Checks that the helpers the notebooks load are built, and not older than their sources.</summary>
    public static DoctorLine Helpers(IDoctorMachine machine)
    {
        const string subject = "helpers built";
        var library = machine.LastWriteUtc(Path.Combine(machine.RepositoryRoot, HelpersLibrary));
        var worker = machine.LastWriteUtc(Path.Combine(machine.RepositoryRoot, WorkerLibrary));
        if (library is null || worker is null)
        {
            return new(DoctorStatus.Missing, subject,
                $"{(library is null ? HelpersLibrary : WorkerLibrary)} is missing: run `dotnet build helpers/NotebookRunner` (the main command builds it too).");
        }

        var built = library.Value < worker.Value ? library.Value : worker.Value;
        var newest = _sourceFolders.Select(folder => machine.NewestSource(Path.Combine(machine.RepositoryRoot, folder)))
            .Where(source => source is not null).Select(source => source!.Value).OrderByDescending(source => source.WrittenUtc).FirstOrDefault();
        if (newest.Path is not null && newest.WrittenUtc > built)
        {
            return new(DoctorStatus.Note, subject,
                $"{HelpersLibrary} is older than {Path.GetRelativePath(machine.RepositoryRoot, newest.Path).Replace('\\', '/')}: "
                + "rebuild (`dotnet build helpers/NotebookRunner`) so the notebooks load the current helpers.");
        }

        return new(DoctorStatus.Ready, subject, $"{HelpersLibrary} and the worker, built {built.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, newer than their sources.");
    }

    /// <summary>Checks that the kernel tool pinned in the tool manifest is restored.</summary>
    public static DoctorLine Kernel(IDoctorMachine machine)
    {
        const string subject = "kernel tool restored";
        var manifestPath = Path.Combine(machine.RepositoryRoot, RepositoryLocator.ToolManifestRelativePath);
        string? version;
        try
        {
            version = machine.ReadText(manifestPath) is { } text ? JsonNode.Parse(text)?["tools"]?[KernelTool]?["version"]?.GetValue<string>() : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            version = null;
        }

        if (version is null)
        {
            return new(DoctorStatus.Missing, subject, $"{RepositoryLocator.ToolManifestRelativePath} does not pin {KernelTool}.");
        }

        var folder = Path.Combine(machine.PackagesFolder, KernelTool, version.ToLowerInvariant());
        return machine.DirectoryExists(folder)
            ? new(DoctorStatus.Ready, subject, $"dotnet-interactive {version}, as pinned in {RepositoryLocator.ToolManifestRelativePath} ({folder}).")
            : new(DoctorStatus.Missing, subject,
                $"dotnet-interactive {version} is not in {machine.PackagesFolder}: run `dotnet tool restore` (needs the network; the main command also does it). "
                + "VS Code starts the kernel from this manifest.");
    }

    /// <summary>Checks python3 (optional) and asks it which multiprocessing start method applies.</summary>
    public static IEnumerable<DoctorLine> Python(IDoctorMachine machine)
    {
        // The same search as the notebooks' PythonTwin: python3 (python.exe on Windows) in a PATH folder.
        var python = machine.FindOnPath(OperatingSystem.IsWindows() ? "python.exe" : "python3");
        if (python is null)
        {
            yield return new(DoctorStatus.Note, "python3", "not on the PATH: the notebooks skip the Python twins (optional).");
            yield break;
        }

        var probe = machine.Run(python, "-c", PythonProbe);
        var words = probe is { ExitCode: 0 } ran ? ran.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (words.Length < 2)
        {
            yield return new(DoctorStatus.Note, "python3", $"{python} is there but did not answer `{PythonProbe}`: the Python twins may fail.");
            yield break;
        }

        yield return new(DoctorStatus.Ready, "python3", $"Python {words[0]} ({python}): the Python twins run.");
        yield return new(DoctorStatus.Ready, "multiprocessing start method", StartMethod(words[1]));
    }

    /// <summary>Says what a multiprocessing start method means for the guide's snippets.</summary>
    /// <remarks>Sources: CPython <c>Lib/multiprocessing/spawn.py</c> ("used to start processes when using the spawn or forkserver
    /// start methods", it imports the main module in the child); docs.python.org multiprocessing, "Contexts and start methods".</remarks>
    public static string StartMethod(string method) => method switch
    {
        "fork" => "fork (this Python, this OS): a child is a copy of the parent, so it starts fast and does not re-import the script.",
        "spawn" or "forkserver" => $"{method} (this Python, this OS): a child starts a fresh interpreter that imports the main module "
            + "(CPython Lib/multiprocessing/spawn.py), so the guide's `if __name__ == \"__main__\":` guard is needed and a Pool starts slower than with fork.",
        _ => $"{method} (this Python, this OS).",
    };

    /// <summary>Reports whether a free-threaded Python is on the PATH (optional).</summary>
    public static DoctorLine FreeThreaded(IDoctorMachine machine) => machine.FreeThreadedPython is { } name
        ? new(DoctorStatus.Ready, "free-threaded Python", $"{name} on the PATH: 01 also measures Python threads without the GIL.")
        : new(DoctorStatus.Note, "free-threaded Python", "no python3.14t or python3.13t on the PATH: 01 skips that measurement (optional).");

    /// <summary>Says what the core count means for the speed-up demos.</summary>
    public static DoctorLine Cores(int cores) => cores >= 2
        ? new(DoctorStatus.Ready, "cores", $"{cores}: CPU-bound work on threads or processes can run up to about {cores}× faster; "
            + "the speed-ups shrink when other programs keep the cores busy.")
        : new(DoctorStatus.Note, "cores", "1: threads cannot run at the same time, so the speed-up demos show no speed-up.");

    /// <summary>Reports whether Chromium is there (only for handout screenshots).</summary>
    public static DoctorLine Chromium(IDoctorMachine machine) =>
        machine.FindOnPath("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome.exe") is { } browser
            ? new(DoctorStatus.Ready, "Chromium", $"{browser} (for handout screenshots).")
            : new(DoctorStatus.Note, "Chromium", "not found (optional: only for handout screenshots).");

    /// <summary>What differs on Windows and macOS, from the helpers' code: tested on Linux, each fallback forced in tests/ConcurrencyNotebooks.Tests/Platform.</summary>
    public static IReadOnlyList<string> OtherSystems { get; } =
    [
        "/proc: 03 measures a thread's memory from /proc/self/maps and status (ThreadMemory); without /proc it prints that it is not measured.",
        "Start-up hold: a cold process pool holds extra workers in /bin/sh so no more runtimes start than cores; Windows has no /bin/sh, so all start at once and the first worker is ready later on a small machine (WorkerLauncher.CanHold).",
        "Worker stdout: on Linux and macOS a worker moves its stdout aside (dup2) so raw writes (Console.OpenStandardOutput, native printf) cannot break a frame; on Windows Console.Write is still captured, but a raw write fails that call with a protocol error and the worker is replaced.",
        "Watchdog: a worker ends itself when its parent dies by polling getppid(), on Linux and macOS only; on Windows an idle worker still ends (its stdin closes), but a busy one finishes its current task first.",
        "Pipes: only Linux reports a pipe's capacity (F_GETPIPE_SZ); elsewhere every frame goes through the worker's writer thread (same results), and the worker is not precompiled (ReadyToRun is built for linux-x64/arm64 only).",
        "Thread ids: the timelines show the OS thread id (gettid, GetCurrentThreadId, pthread_threadid_np); where none answers they show .NET's managed id, and the runtime's lock-wait spans then get lanes of their own.",
        "Python: the notebooks look for python.exe on Windows; there and on macOS Python's default start method is spawn (docs.python.org, multiprocessing, \"Contexts and start methods\").",
    ];
}
