using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>Runs headless Chromium with networking off, to prove a handout renders with no network.</summary>
internal static class Chromium
{
    /// <summary>The browser the CI image installs (Debian package <c>chromium</c>).</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Gets whether Chromium is installed.</summary>
    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Loads <paramref name="htmlFile"/> and returns the DOM after scripts ran (virtual time budget 5 s).</summary>
    /// <param name="htmlFile">The page.</param>
    /// <returns>The serialized DOM.</returns>
    public static Task<string> DumpDomAsync(string htmlFile) =>
        RunAsync(["--virtual-time-budget=5000", "--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    /// <summary>Saves a 1200×900 screenshot of <paramref name="htmlFile"/> to <paramref name="pngFile"/>.</summary>
    /// <param name="htmlFile">The page.</param>
    /// <param name="pngFile">The screenshot.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static Task ScreenshotAsync(string htmlFile, string pngFile) =>
        RunAsync(["--virtual-time-budget=5000", $"--screenshot={pngFile}", "--window-size=1200,900", new Uri(htmlFile).AbsoluteUri]);

    private static async Task<string> RunAsync(string[] arguments)
    {
        var profile = TestRepository.NewTempFolder("chromium-profile");
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            // No network at all: every host resolves nowhere, so a CDN reference would stay blank.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
            $"--user-data-dir={profile}",
        }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Chromium did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish within 120 s:\n" + await error);
        }

        return await output;
    }
}
