namespace NotebookRunner;

/// <summary>Gives the kernel tool a home folder when HOME is empty, as on some CI systems.</summary>
/// <remarks>The SDK then falls back to the account's home from the passwd database, but dotnet-interactive 1.0.712001
/// does not: it crashes at start (<c>DirectoryNotFoundException</c> in <c>Paths.DotnetHomePath</c>) unless HOME or
/// <c>DOTNET_CLI_HOME</c> is set. Setting <c>DOTNET_CLI_HOME</c> to the folder the SDK falls back to keeps both on one home.</remarks>
internal static class DotnetCliHome
{
    /// <summary>The variable the .NET CLI and dotnet-interactive read before HOME.</summary>
    public const string VariableName = "DOTNET_CLI_HOME";

    /// <summary>Sets <c>DOTNET_CLI_HOME</c> in <paramref name="environment"/> when both it and HOME are empty; otherwise changes nothing.</summary>
    /// <param name="environment">A child process's environment, e.g. <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>.</param>
    public static void ApplyTo(IDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(environment.TryGetValue("HOME", out var home) ? home : null)
            && string.IsNullOrEmpty(environment.TryGetValue(VariableName, out var cliHome) ? cliHome : null))
        {
            environment[VariableName] = FallbackHome();
        }
    }

    /// <summary>Gets the home the SDK itself uses when HOME is empty (the passwd entry's), or the temp folder when there is none.</summary>
    /// <returns>An absolute folder path.</returns>
    internal static string FallbackHome()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(home) ? Path.GetTempPath() : home;
    }
}
