namespace NotebookRunner;

/// <summary>Gives the kernel tool's processes a HOME when it is empty, as on some CI systems.</summary>
/// <remarks>The SDK then falls back to the account's home from the passwd database, but the kernel does not:
/// dotnet-interactive 1.0.712001 crashes at start (<c>DirectoryNotFoundException</c> in <c>Paths.DotnetHomePath</c>, which
/// reads only <c>DOTNET_CLI_HOME</c> and HOME), and its PowerShell kernel writes <c>.cache/</c> into the notebook's folder.
/// Setting HOME to the folder the SDK falls back to keeps all of them on one home.</remarks>
internal static class HomeFallback
{
    /// <summary>Sets HOME in <paramref name="environment"/> to <see cref="FallbackHome"/> when it is missing or empty; otherwise changes nothing.</summary>
    /// <param name="environment">A child process's environment, e.g. <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>.</param>
    public static void ApplyTo(IDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(environment.TryGetValue("HOME", out var home) ? home : null))
        {
            environment["HOME"] = FallbackHome();
        }
    }

    /// <summary>Gets the home .NET itself uses when HOME is empty (the passwd entry's), or the temp folder when there is none.</summary>
    /// <returns>An absolute folder path.</returns>
    internal static string FallbackHome()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(home) ? Path.GetTempPath() : home;
    }
}
