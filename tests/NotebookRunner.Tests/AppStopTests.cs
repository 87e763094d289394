using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>Ctrl+C in an exported app is the notebook's Stop button: it cancels a process-pool call in flight.</summary>
/// <remarks>In the kernel collection: it starts an app and a worker, which must not share the cores with a kernel.</remarks>
[Collection(KernelCollection.Name)]
public sealed class AppStopTests
{
    /// <summary>An upper bound for a hung step, not a timing check.</summary>
    private static readonly TimeSpan _limit = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task App_CtrlCDuringAPoolCall_CancelsTheCallAndKillsTheWorker()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the test sends SIGINT and reads /proc (Linux)");
        var folder = TestRepository.NewTempFolder("app-stop");
        var gate = Path.Combine(folder, "worker-started");
        var app = Path.Combine(folder, "stop.cs");
        File.WriteAllText(app, AppExporter.Render(NotebookDocument.Parse(Fixture().ToJsonString()),
            Path.Combine(TestRepository.NotebooksFolder, "stop.ipynb"), folder, TestRepository.Root));
        var build = await DotnetProcess.RunAsync(folder, ["build", app], new Dictionary<string, string>());
        Assert.True(build.ExitCode == 0, $"dotnet build failed:\n{build.Output}");

        // As from a terminal: a test run started in the background inherits SIGINT ignored, and an ignored signal stays
        // ignored across exec, so the app would never see Ctrl+C; env resets it to the default first.
        var startInfo = new ProcessStartInfo("env")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "--default-signal=INT", "dotnet", "run", "--no-build", app, "--", gate })
        {
            startInfo.ArgumentList.Add(argument);
        }

        HomeFallback.ApplyTo(startInfo.Environment);
        using var run = Process.Start(startInfo)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(_limit);
        try
        {
            // The worker writes its pid once it runs the call: the call is in flight. Its parent is the app.
            var worker = await WorkerPidAsync(gate, run, stdout, stderr, limit.Token);
            var appPid = ProcessTree.ParentOf(worker) ?? throw new InvalidOperationException("the worker has no parent");

            using (var kill = Process.Start("kill", ["-INT", appPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(limit.Token);
            }

            await run.WaitForExitAsync(limit.Token);
            var output = await stdout + await stderr;
            Assert.True(run.ExitCode == 0, output);
            Assert.Contains("the call was stopped", output, StringComparison.Ordinal);
            Assert.DoesNotContain("the call returned", output, StringComparison.Ordinal);
            await Poll.UntilAsync(() => !Directory.Exists($"/proc/{worker}") || ProcessIsZombie(worker), $"the killed worker {worker} to end", _limit);
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<int> WorkerPidAsync(string gate, Process run, Task<string> stdout, Task<string> stderr, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(() => File.Exists(gate) || run.HasExited, "the app's worker to start the call", _limit, cancellationToken: cancellationToken);
        if (!File.Exists(gate))
        {
            Assert.Fail($"the app ended before its worker started the call:\n{await stdout}\n{await stderr}");
        }

        return int.Parse(File.ReadAllText(gate), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool ProcessIsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static JsonObject Fixture() => new()
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject(),
        ["cells"] = new JsonArray(
            Code("#!import setup.csx"),
            Code("""
                string Hold(string gate)
                {
                    File.WriteAllText(gate + ".tmp", Environment.ProcessId.ToString());
                    File.Move(gate + ".tmp", gate);
                    Thread.Sleep(TimeSpan.FromMinutes(10));
                    return gate;
                }
                """),
            Code("""
                using (var pool = new ProcessPool(1))
                {
                    try { pool.Map(Hold, new[] { args[0] }); Console.WriteLine("the call returned"); }
                    catch (OperationCanceledException) { Console.WriteLine("the call was stopped"); }
                }
                """)),
    };

    private static JsonObject Code(string source) => new()
    {
        ["cell_type"] = "code",
        ["metadata"] = new JsonObject(),
        ["source"] = source,
        ["outputs"] = new JsonArray(),
        ["execution_count"] = null,
    };
}
