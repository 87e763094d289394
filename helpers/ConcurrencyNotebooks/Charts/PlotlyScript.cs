using System.Reflection;
using Plotly.NET;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Gives the plotly.js library that ships inside Plotly.NET, so charts draw with no network.</summary>
/// <remarks>Plotly.NET.Interactive loads plotly.js from a CDN; a classroom or CI machine may have none.
/// The script is read once from Plotly.NET's embedded resource and cached. Thread-safe.</remarks>
public static class PlotlyScript
{
    /// <summary>The marker attribute on the one script element that defines <c>window.Plotly</c>.</summary>
    public const string MarkerAttribute = "data-concurrency-notebooks-plotly";

    private static readonly Lazy<string> _source = new(ReadEmbeddedSource);

    /// <summary>Gets the minified plotly.js source embedded in Plotly.NET.</summary>
    public static string Source => _source.Value;

    /// <summary>Gets the version of the embedded plotly.js, read from its resource name.</summary>
    public static string Version => ResourceName()["Plotly.NET.plotly-".Length..^".min.js".Length];

    /// <summary>Builds the script element that defines <c>window.Plotly</c>, marked so a handout writer can find it.</summary>
    /// <returns>A <c>&lt;script&gt;</c> element holding the whole library.</returns>
    public static string ScriptElement() =>
        $"<script type=\"text/javascript\" {MarkerAttribute}=\"{Version}\">{Source}</script>";

    private static string ResourceName() =>
        typeof(GenericChart).Assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));

    private static string ReadEmbeddedSource()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName())
            ?? throw new InvalidOperationException($"plotly.js is not embedded in {assembly.GetName()}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
