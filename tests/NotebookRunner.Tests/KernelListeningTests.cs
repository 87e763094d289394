using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>No kernel this repository starts, or tells Jupyter or VS Code to start, opens a port to the network (Linux: reads /proc).</summary>
[Collection(KernelCollection.Name)]
public sealed class KernelListeningTests
{
    /// <summary>An upper bound for a slow kernel start on a busy 2-core CI machine, not a timing check.</summary>
    private static readonly TimeSpan _startLimit = TimeSpan.FromMinutes(3);

    private static readonly string[] _connectionPortNames = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"];

    [Fact]
    public async Task JupyterKernelSpec_KernelStartedFromItsArgv_ListensOnLoopbackOnly()
    {
        var dataDirectory = TestRepository.NewTempFolder("jupyter-data");
        var installOutput = await InstallKernelSpecAsync(dataDirectory);
        var kernelJson = Path.Combine(dataDirectory, "kernels", JupyterKernelSpec.Name, "kernel.json");
        Assert.True(File.Exists(kernelJson), $"install-jupyter-kernel wrote no {kernelJson}:\n{installOutput}");
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(kernelJson))!.AsObject();
        var (connectionFile, connectionPorts) = await WriteConnectionFileAsync(TestRepository.NewTempFolder("jupyter-connection"));
        var argv = spec["argv"]!.AsArray().Select(node => node!.GetValue<string>().Replace("{connection_file}", connectionFile, StringComparison.Ordinal)).ToList();

        await using var kernel = ArgvProcess.Start(argv, TestRepository.NotebooksFolder);
        var sockets = await WaitForListeningAsync(
            kernel,
            listening => connectionPorts.All(port => listening.Any(socket => socket.Port == port)) && listening.Any(socket => IsHttpPort(socket, connectionPorts)),
            "listen on its 5 connection-file ports and an HTTP port in 2048-3000");

        AssertLoopbackOnly(sockets, $"kernel started from {kernelJson}: {string.Join(' ', argv)}");
        var pinnedTool = $"microsoft.dotnet-interactive/{PinnedToolVersion()}/";
        Assert.True(
            ProcessTree.Of(kernel.ProcessId).Any(pid => CommandLine(pid).Contains(pinnedTool, StringComparison.OrdinalIgnoreCase)),
            $"No process of the kernel's tree runs the pinned tool ({pinnedTool}): {string.Join(" | ", ProcessTree.Of(kernel.ProcessId).Select(CommandLine))}");
    }

    [Fact]
    public async Task StdioKernel_StartedAsTheRunnerDoes_ListensOnLoopbackOnly()
    {
        var workingDirectory = TestRepository.NewTempFolder("stdio-runner");
        await using var kernel = await KernelProcess.StartAsync(TestRepository.Root, workingDirectory, new Dictionary<string, string>(), CancellationToken.None);
        await kernel.SubmitCodeAsync("1", "6 * 7", "csharp", CancellationToken.None);

        using var limit = new CancellationTokenSource(_startLimit);
        var completed = false;
        try
        {
            await foreach (var kernelEvent in kernel.Events.ReadAllAsync(limit.Token))
            {
                if (kernelEvent.Token == "1" && kernelEvent.EventType is "CommandSucceeded" or "CommandFailed")
                {
                    Assert.True(kernelEvent.EventType == "CommandSucceeded", $"The kernel failed a cell: {kernelEvent.Body.ToJsonString()}");
                    completed = true;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below.
        }

        var sockets = ListeningSockets.OwnedBy(ProcessTree.Of(kernel.ProcessId));
        Assert.True(completed, $"The runner's stdio kernel ran no cell within {_startLimit.TotalMinutes} min (an upper bound, not a timing check). Listening: [{string.Join(", ", sockets)}]\n{kernel.StandardErrorTail}");
        AssertLoopbackOnly(sockets, "the runner's stdio kernel");
    }

    [Theory]
    [InlineData(".vscode/settings.json")]
    [InlineData(".devcontainer/devcontainer.json")]
    public async Task StdioKernel_StartedAsVsCodeDoes_RunsThePinnedToolOnLoopbackOnly(string settingsFile)
    {
        // The extension (dotnet/interactive, polyglot-notebooks-vscode-common utilities.ts processArguments) replaces
        // {dotnet_path}, {global_storage_path} and {working_dir} (the notebook's folder) in kernelTransportArgs and in
        // kernelTransportWorkingDirectory, whose default is {global_storage_path}: the extension's own folder, with the
        // tool manifest of the version it acquires. The kernel process starts in that working directory.
        var settings = VsCodeSettings(settingsFile);
        var globalStorage = TestRepository.NewTempFolder("vscode-global-storage");
        var workingDirectoryTemplate = settings["dotnet-interactive.kernelTransportWorkingDirectory"]?.GetValue<string>() ?? "{global_storage_path}";
        string Resolve(string template) => template
            .Replace("{dotnet_path}", "dotnet", StringComparison.Ordinal)
            .Replace("{global_storage_path}", globalStorage, StringComparison.Ordinal)
            .Replace("{working_dir}", TestRepository.NotebooksFolder, StringComparison.Ordinal);
        var argv = settings["dotnet-interactive.kernelTransportArgs"]!.AsArray().Select(node => Resolve(node!.GetValue<string>())).ToList();
        var workingDirectory = Resolve(workingDirectoryTemplate);
        await KernelProcess.EnsureToolRestoredAsync(TestRepository.Root, CancellationToken.None);

        await using var kernel = ArgvProcess.Start(argv, workingDirectory);

        // As VS Code and the runner do: a command is sent once the kernel says KernelReady (one sent earlier can go unread).
        await PollWhileRunningAsync(
            kernel,
            () => kernel.Output.Select(KernelEvent.TryParse).Any(e => e is { EventType: "KernelReady" }),
            $"report KernelReady (VS Code's stdio kernel: {string.Join(' ', argv)} in {workingDirectory})",
            () => kernel.Tail());
        await kernel.WriteLineAsync("""{"token":"1","commandType":"SubmitCode","command":{"code":"6 * 7","targetKernelName":"csharp"}}""");
        await PollWhileRunningAsync(
            kernel,
            () => kernel.Output.Select(KernelEvent.TryParse).Any(e => e is { Token: "1", EventType: "CommandSucceeded" }),
            $"run a cell (VS Code's stdio kernel: {string.Join(' ', argv)} in {workingDirectory})",
            () => $"Listening: [{string.Join(", ", ListeningSockets.OwnedBy(ProcessTree.Of(kernel.ProcessId)))}]\n{kernel.Tail()}");

        var tree = ProcessTree.Of(kernel.ProcessId);
        var sockets = ListeningSockets.OwnedBy(tree);
        AssertLoopbackOnly(sockets, $"VS Code's stdio kernel: {string.Join(' ', argv)}");
        var pinnedTool = $"microsoft.dotnet-interactive/{PinnedToolVersion()}/";
        Assert.True(
            tree.Any(pid => CommandLine(pid).Contains(pinnedTool, StringComparison.OrdinalIgnoreCase)),
            $"{settingsFile} starts a kernel that does not run the pinned tool ({pinnedTool}): {string.Join(" | ", tree.Select(CommandLine))}");
    }

    /// <summary>Reads the Polyglot Notebooks settings of the workspace file or of the devcontainer's VS Code customizations.</summary>
    private static JsonObject VsCodeSettings(string settingsFile)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.Root, settingsFile)))!.AsObject();
        return root["customizations"]?["vscode"]?["settings"]?.AsObject() ?? root;
    }

    /// <summary>Runs the built runner's <c>install-jupyter-kernel</c>, the README's command, with <c>JUPYTER_DATA_DIR</c> set.</summary>
    private static async Task<string> InstallKernelSpecAsync(string dataDirectory)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll"), JupyterKernelCommand.Name })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["JUPYTER_DATA_DIR"] = dataDirectory;
        using var install = Process.Start(startInfo)!;
        var output = install.StandardOutput.ReadToEndAsync();
        var error = install.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(_startLimit);
        try
        {
            await install.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"install-jupyter-kernel did not finish within {_startLimit.TotalMinutes} min (an upper bound, not a timing check).");
        }
        finally
        {
            install.Kill(entireProcessTree: true);
        }

        var printed = await output + await error;
        Assert.True(install.ExitCode == 0, $"install-jupyter-kernel exited with {install.ExitCode}:\n{printed}");
        return printed;
    }

    /// <summary>Writes a connection file as Jupyter does: tcp on 127.0.0.1, five free ports, a key, HMAC-SHA256.</summary>
    private static async Task<(string Path, int[] Ports)> WriteConnectionFileAsync(string folder)
    {
        var listeners = _connectionPortNames.Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(listener => listener.Start());
        var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        listeners.ForEach(listener => listener.Stop());

        var connection = new JsonObject
        {
            ["transport"] = "tcp",
            ["ip"] = "127.0.0.1",
            ["key"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["signature_scheme"] = "hmac-sha256",
            ["kernel_name"] = JupyterKernelSpec.Name,
        };
        for (var i = 0; i < ports.Length; i++)
        {
            connection[_connectionPortNames[i]] = ports[i];
        }

        var path = Path.Combine(folder, "kernel-test.json");
        await File.WriteAllTextAsync(path, connection.ToJsonString());
        return (path, ports);
    }

    /// <summary>Polls the kernel's listening sockets until <paramref name="ready"/> holds; fails with what was seen when the kernel exits or the limit passes.</summary>
    private static async Task<IReadOnlyList<ListeningSocket>> WaitForListeningAsync(ArgvProcess kernel, Func<IReadOnlyList<ListeningSocket>, bool> ready, string what)
    {
        IReadOnlyList<ListeningSocket> sockets = [];
        await PollWhileRunningAsync(
            kernel,
            () => ready(sockets = ListeningSockets.OwnedBy(ProcessTree.Of(kernel.ProcessId))),
            what,
            () => $"Listening: [{string.Join(", ", sockets)}]\n{kernel.Tail()}");
        return sockets;
    }

    /// <summary>Polls <paramref name="condition"/> up to the start limit (an upper bound, not a timing check); fails at once if the kernel exits first.</summary>
    private static Task PollWhileRunningAsync(ArgvProcess kernel, Func<bool> condition, string what, Func<string> seen) =>
        Poll.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                Assert.False(kernel.HasExited, $"The kernel exited before it could {what}:\n{kernel.Tail()}");
                return false;
            },
            $"the kernel to {what}",
            _startLimit,
            seen);

    private static void AssertLoopbackOnly(IReadOnlyList<ListeningSocket> sockets, string kernel)
    {
        var open = sockets.Where(socket => !socket.IsLoopback).ToList();
        Assert.True(open.Count == 0, $"The {kernel} listens beyond loopback, reachable from the network: [{string.Join(", ", open)}]; all listening: [{string.Join(", ", sockets)}].");
    }

    private static bool IsHttpPort(ListeningSocket socket, int[] connectionPorts) =>
        socket.Port is >= 2048 and <= 3000 && !connectionPorts.Contains(socket.Port);

    private static string PinnedToolVersion() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.Root, RepositoryLocator.ToolManifestRelativePath)))!["tools"]!["microsoft.dotnet-interactive"]!["version"]!.GetValue<string>();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
