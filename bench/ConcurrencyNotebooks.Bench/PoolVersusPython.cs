using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConcurrencyNotebooks.Processes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyNotebooks.Bench;

/// <summary>Times the process pool against Python's multiprocessing on this machine, in the same run, and prints a table of medians.</summary>
internal static class PoolVersusPython
{
    /// <summary>Runs every measurement (args: [repetitions]) and prints the table.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        var rows = new List<(string What, string DotNet, string Python, string Note)>();
        var python = RunPython(reps);

        var hello = BuildHello();
        var dotnet = WorkerLauncher.DotnetPath();
        // The four start-ups run interleaved, round after round, so a slow spell of the machine hits all of them alike;
        // the ratio is the median of each round's own ratio.
        var startRounds = Math.Max(15, reps * 3);
        var bareTimes = new double[startRounds];
        var versionTimes = new double[startRounds];
        var workerTimes = new double[startRounds];
        var coldTimes = new double[startRounds];
        var ratios = new double[startRounds];
        var coldRatios = new double[startRounds];
        RunToExit(dotnet, hello);
        WorkerProcess.Start(Noop).WaitForExit();
        for (var round = 0; round < startRounds; round++)
        {
            bareTimes[round] = Time(() => RunToExit(dotnet, hello));
            versionTimes[round] = Time(() => RunToExit(dotnet, WorkerLauncher.WorkerPath(), "--version"));
            workerTimes[round] = Time(() =>
            {
                using var p = WorkerProcess.Start(Noop);
                p.WaitForExit();
            });
            coldTimes[round] = Time(() =>
            {
                using var pool = new ProcessPool(4);
                pool.Map(Square, new[] { 1, 2, 3, 4 });
            });
            ratios[round] = workerTimes[round] / bareTimes[round];
            coldRatios[round] = coldTimes[round] / bareTimes[round];
        }

        rows.Add(("bare `dotnet hello.dll` start to exit", Ms(MedianOf(bareTimes)), "-", $"hello built by this bench; {startRounds} interleaved rounds"));
        rows.Add(("`dotnet Worker.dll --version` start to exit", Ms(MedianOf(versionTimes)), "-", "worker host, no work"));
        rows.Add(("one worker: start + trivial call + exit", Ms(MedianOf(workerTimes)), $"spawn {Ms(python["spawn_start_join"])} / fork {Ms(python["fork_start_join"])}",
            $"{MedianOf(ratios):0.00}x bare start, median of the rounds' ratios (target <= 1.2x)"));

        rows.Add(("Pool(4) create + map([1..4]) + close", Ms(MedianOf(coldTimes)),
            $"fork {Ms(python["pool4_create_map_close_fork"])} / spawn {Ms(python["pool4_create_map_close_spawn"])}",
            $"{MedianOf(coldRatios):0.00}x bare start, median of the rounds' ratios (target <= 2.2x); " +
            $"{Math.Min(4, Environment.ProcessorCount)} start-ups at a time, close kills workers still starting"));

        await using (var pool = new ProcessPool(4))
        {
            pool.Map(Square, new[] { 1, 2, 3, 4 });
            var warm = Median(reps * 5, () => pool.Map(Square, new[] { 1, 2, 3, 4 }));
            rows.Add(("warm Pool(4).map(square, [1..4])", Ms(warm), Ms(python["warm_pool4_map4"]), "target <= 5 ms"));

            var lambdaWarm = Median(reps * 5, () => pool.Map(n => n * n, new[] { 1, 2, 3, 4 }));
            rows.Add(("warm Pool(4).map(n => n * n, [1..4]) (Roslyn-shipped)", Ms(lambdaWarm), "-", "compiled once, cached"));

            const int n = 20_000;
            var items = Enumerable.Range(0, n).ToArray();
            var perItem4 = Median(3, () => pool.Map(Square, items, chunkSize: 1)) * 1000 / n;
            rows.Add(("per item, chunk size 1, 4 workers (µs/item)", Us(perItem4), Us(python["per_item_chunk1_us"]), "target <= 10 µs"));

            var hundredK = Enumerable.Range(0, 100_000).ToArray();
            var batched = Median(reps, () => pool.Map(Square, hundredK));
            rows.Add(("map(square, range(100000)) default chunks", Ms(batched), Ms(python["map_100k"]), string.Empty));
        }

        await using (var one = new ProcessPool(1))
        {
            const int n = 20_000;
            var items = Enumerable.Range(0, n).ToArray();
            one.Map(Square, items, chunkSize: 1);
            var perItem1 = Median(3, () => one.Map(Square, items, chunkSize: 1)) * 1000 / n;
            rows.Add(("per item, chunk size 1, 1 worker (µs/item, round trip)", Us(perItem1), Us(python["per_item_chunk1_1worker_us"]), "target <= 10 µs"));
        }

        Print(rows, reps);
        return 0;
    }

    /// <summary>Squares a number (a static method: it travels by assembly path, no compiler).</summary>
    public static int Square(int n) => n * n;

    /// <summary>Does nothing (the trivial call).</summary>
    public static void Noop()
    {
    }

    private static void Print(List<(string What, string DotNet, string Python, string Note)> rows, int reps)
    {
        Console.WriteLine($"pool-vs-python on {Environment.ProcessorCount} cores, .NET {Environment.Version}, medians of {reps} (or as noted) repetitions");
        var w0 = rows.Max(r => r.What.Length);
        var w1 = Math.Max(8, rows.Max(r => r.DotNet.Length));
        var w2 = Math.Max(8, rows.Max(r => r.Python.Length));
        Console.WriteLine($"| {"measurement".PadRight(w0)} | {".NET".PadRight(w1)} | {"Python".PadRight(w2)} | note");
        Console.WriteLine($"|{new string('-', w0 + 2)}|{new string('-', w1 + 2)}|{new string('-', w2 + 2)}|------");
        foreach (var (what, dotNet, py, note) in rows)
        {
            Console.WriteLine($"| {what.PadRight(w0)} | {dotNet.PadRight(w1)} | {py.PadRight(w2)} | {note}");
        }
    }

    private static string Ms(double ms) => $"{ms:0.00} ms";

    private static string Us(double us) => $"{us:0.0} µs";

    private static double Time(Action action)
    {
        var t = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    private static double MedianOf(double[] values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static double Median(int reps, Action action)
    {
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[reps / 2];
    }

    private static void RunToExit(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
    }

    private static Dictionary<string, double> RunPython(int reps)
    {
        var script = Path.Combine(FindRepoRoot(), "bench", "python", "pool_bench.py");
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(reps.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(info)!;
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return JsonSerializer.Deserialize<Dictionary<string, double>>(json)!;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConcurrencyNotebooks.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Compiles a trivial hello.dll with Roslyn plus its runtimeconfig, in a temp folder.</summary>
    private static string BuildHello()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pool-bench-hello");
        Directory.CreateDirectory(dir);
        var dll = Path.Combine(dir, "hello.dll");
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = new[] { "System.Runtime.dll", "System.Console.dll", "System.Private.CoreLib.dll" }
            .Select(f => MetadataReference.CreateFromFile(Path.Combine(frameworkDir, f)));
        var compilation = CSharpCompilation.Create("hello",
            [CSharpSyntaxTree.ParseText("System.Console.WriteLine(\"hello\");")], refs,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release));
        var result = compilation.Emit(dll);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        var version = Environment.Version;
        File.WriteAllText(Path.Combine(dir, "hello.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" +
            $"{version.Major}.{version.Minor}.0" + "\"}}}");
        return dll;
    }
}
