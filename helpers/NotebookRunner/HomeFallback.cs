namespace NotebookRunner;

/// <summary>Gives the kernel tool's processes a HOME when it is empty, as on some CI systems.</summary>
/// <remarks>The SDK then uses <c>DOTNET_CLI_HOME</c> or the account's home from the passwd database, but the kernel does
/// not: dotnet-interactive 1.0.712001 crashes at start without HOME or <c>DOTNET_CLI_HOME</c>
/// (<c>DirectoryNotFoundException</c> in <c>Paths.DotnetHomePath</c>), and its PowerShell kernel writes <c>.cache/</c> into
/// the notebook's folder. Setting HOME to the folder the SDK uses keeps all of them on one home.</remarks>
internal static class HomeFallback
{
    /// <summary>Sets HOME in <paramref name="environment"/> to <see cref="FallbackHome"/> when it is missing or empty; otherwise changes nothing.</summary>
    /// <param name="environment">A child process's environment, e.g. <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>.</param>
    public static void ApplyTo(IDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(environment.TryGetValue("HOME", out var home) ? home : null))
        {
            environment["HOME"] = FallbackHome(environment.TryGetValue("DOTNET_CLI_HOME", out var cliHome) ? cliHome : null);
        }
    }

    /// <summary>Gets the home the SDK uses when HOME is empty: <c>DOTNET_CLI_HOME</c>, else the passwd entry's home, else the temp folder.</summary>
    /// <param name="cliHome">The <c>DOTNET_CLI_HOME</c> value, or null.</param>
    /// <returns>An absolute folder path.</returns>
    internal static string FallbackHome(string? cliHome)
    {
        if (!string.IsNullOrEmpty(cliHome))
        {
            return cliHome;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return !string.IsNullOrEmpty(home) && Directory.Exists(home) ? home : Path.GetTempPath();
    }
}
