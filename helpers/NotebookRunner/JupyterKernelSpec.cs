using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>Installs the <c>.net-csharp</c> Jupyter kernelspec, with the kernel's HTTP API on loopback only.</summary>
/// <remarks>
/// <para><c>dotnet-interactive jupyter install</c> registers a kernel that serves an unauthenticated HTTP API (variable values
/// included) on every network interface, port 2048 upward; its installer has no option against that. So the pinned tool
/// writes its kernelspec into a scratch folder, <c>--http-local-only</c> is added to the kernel's argv, and the result is
/// copied where Jupyter looks. The argv stays the tool's own: <c>dotnet interactive jupyter …</c>, which Jupyter runs in
/// the notebook's folder, where it resolves to this repository's pinned local tool.</para>
/// </remarks>
internal static class JupyterKernelSpec
{
    /// <summary>The kernelspec name the notebooks carry in their metadata.</summary>
    public const string Name = ".net-csharp";

    /// <summary>The kernel option that binds its HTTP API to the loopback interface only.</summary>
    public const string LocalOnlyOption = "--http-local-only";

    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    /// <summary>Gets the folder of Jupyter's per-user kernelspecs, as <c>jupyter kernelspec install --user</c> picks it.</summary>
    /// <param name="variable">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/> outside tests).</param>
    /// <returns><c>$JUPYTER_DATA_DIR/kernels</c> when set; otherwise the platform's Jupyter data folder's <c>kernels</c>.</returns>
    public static string UserKernelsDirectory(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (variable("JUPYTER_DATA_DIR") is { Length: > 0 } dataDirectory)
        {
            return Path.Combine(Path.GetFullPath(dataDirectory), "kernels");
        }

        var home = variable("HOME") is { Length: > 0 } homeVariable
            ? homeVariable
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        if (OperatingSystem.IsWindows())
        {
            var appData = variable("APPDATA") is { Length: > 0 } roaming
                ? roaming
                : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(appData, "jupyter", "kernels");
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Jupyter", "kernels");
        }

        var dataHome = variable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share");
        return Path.Combine(dataHome, "jupyter", "kernels");
    }

    /// <summary>Writes the kernelspec into <paramref name="kernelsDirectory"/><c>/.net-csharp</c>, replacing one already there.</summary>
    /// <param name="repositoryRoot">The folder holding the tool manifest (the tool is restored first).</param>
    /// <param name="kernelsDirectory">A Jupyter <c>kernels</c> folder; created when missing.</param>
    /// <param name="cancellationToken">Cancels the tool restore and the tool's installer.</param>
    /// <returns>The kernelspec's folder.</returns>
    /// <exception cref="InvalidOperationException">When the tool fails or writes no usable <c>kernel.json</c>.</exception>
    public static async Task<string> InstallAsync(string repositoryRoot, string kernelsDirectory, CancellationToken cancellationToken)
    {
        await KernelProcess.EnsureToolRestoredAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);
        var scratch = Directory.CreateTempSubdirectory("notebook-runner-kernelspec-");
        try
        {
            await DotnetCommand.RunAsync(
                repositoryRoot,
                ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", scratch.FullName],
                cancellationToken).ConfigureAwait(false);
            var source = Path.Combine(scratch.FullName, Name);
            var kernelJsonPath = Path.Combine(source, "kernel.json");
            if (!File.Exists(kernelJsonPath))
            {
                throw new InvalidOperationException($"dotnet-interactive's installer wrote no {Name}/kernel.json into {scratch.FullName}.");
            }

            await File.WriteAllTextAsync(kernelJsonPath, WithLocalOnlyHttp(await File.ReadAllTextAsync(kernelJsonPath, cancellationToken).ConfigureAwait(false)), cancellationToken)
                .ConfigureAwait(false);
            var target = Path.Combine(Path.GetFullPath(kernelsDirectory), Name);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            return target;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Adds <c>--http-local-only</c> to a kernel.json's argv (once) and returns the JSON, indented.</summary>
    /// <param name="kernelJson">The kernel.json text.</param>
    /// <returns>The patched text.</returns>
    /// <exception cref="InvalidOperationException">When the argv is missing or lacks <c>{connection_file}</c>.</exception>
    internal static string WithLocalOnlyHttp(string kernelJson)
    {
        var spec = JsonNode.Parse(kernelJson)?.AsObject() ?? throw new InvalidOperationException("kernel.json is not a JSON object.");
        if (spec["argv"] is not JsonArray argv || !argv.Any(node => node?.GetValue<string>() == "{connection_file}"))
        {
            throw new InvalidOperationException($"kernel.json has no argv with {{connection_file}}: {kernelJson}");
        }

        if (!argv.Any(node => node?.GetValue<string>() == LocalOnlyOption))
        {
            argv.Add(LocalOnlyOption);
        }

        return spec.ToJsonString(_indented);
    }
}
