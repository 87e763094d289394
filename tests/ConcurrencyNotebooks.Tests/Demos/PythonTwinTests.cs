using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class PythonTwinTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("python-twin").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Script(string name, string source)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, source);
        return path;
    }

    [SkippableFact]
    public void RunForNumbers_ScriptPrintsNumbers_ParsesTheLastLine()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        var numbers = PythonTwin.RunForNumbers(Script("ok.py", "import sys\nprint('warming up')\nprint(1.5, int(sys.argv[1]) * 2)\n"), "21");
        Assert.Equal([1.5, 42.0], numbers);
    }

    [SkippableFact]
    public void Run_ScriptFails_ThrowsWithItsError()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        var error = Assert.Throws<InvalidOperationException>(() => PythonTwin.Run(Script("bad.py", "raise SystemExit('no luck')\n")));
        Assert.Contains("exited with code 1", error.Message);
        Assert.Contains("no luck", error.Message);
    }

    [SkippableFact]
    public void RunForNumbers_NotNumbers_ThrowsNamingTheLine()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        var error = Assert.Throws<InvalidOperationException>(() => PythonTwin.RunForNumbers(Script("words.py", "print('fast slow')\n")));
        Assert.Contains("'fast slow'", error.Message);
    }

    [Fact]
    public void Run_MissingScript_ThrowsFileNotFound() =>
        Assert.ThrowsAny<Exception>(() => PythonTwin.Run(Path.Combine(_folder, "missing.py")));

    [SkippableFact]
    public void GilScript_OfNotebook01_PrintsTwoTimesAndTheGilState()
    {
        Skip.IfNot(PythonTwin.IsAvailable, "python3 is not installed: the Python twins are optional for the notebooks");

        var root = ThisFolder();
        while (!File.Exists(Path.Combine(root, "global.json")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var times = PythonTwin.RunForNumbers(Path.Combine(root, "notebooks", "python", "gil_threads.py"), "2000");
        Assert.Equal(4, times.Length);
        Assert.All(times[..2], t => Assert.True(t > 0));
        Assert.Contains(times[2], new[] { 0.0, 1.0 });
        Assert.True(times[2] == 0 || times[3] < 1.3, $"with the GIL on, two threads kept {times[3]} cores busy at once");
    }

    // The source file's own folder: the repository is found from it even when the build output lives elsewhere.
    private static string ThisFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
