using System.Reflection;
using Plotly.NET;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Gives the plotly.js library the charts draw with, from inside this assembly, so charts draw with no network.</summary>
/// <remarks>Plotly.NET.Interactive loads plotly.js from a CDN; a classroom or CI machine may have none. The script is plotly.js's
/// basic bundle (bar and scatter traces, all the charts use) of the version Plotly.NET embeds in full, read once and cached.
/// Thread-safe.</remarks>
public static class PlotlyScript
{
    /// <summary>The marker attribute on the one script element that defines <c>window.Plotly</c>.</summary>
    public const string MarkerAttribute = "data-concurrency-notebooks-plotly";

    private const string ResourcePrefix = "ConcurrencyNotebooks.Charts.plotly-basic-";
    private const string ResourceSuffix = ".min.js";

    private static readonly Lazy<string> _source = new(ReadEmbeddedSource);

    /// <summary>Gets the minified plotly.js basic bundle.</summary>
    public static string Source => _source.Value;

    /// <summary>Gets the version of the bundle, read from its resource name.</summary>
    public static string Version => ResourceName()[ResourcePrefix.Length..^ResourceSuffix.Length];

    /// <summary>Gets the version of the full plotly.js Plotly.NET embeds, which the bundle must match.</summary>
    public static string PlotlyNetVersion =>
        typeof(GenericChart).Assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            ["Plotly.NET.plotly-".Length..^ResourceSuffix.Length];

    /// <summary>Builds the script element that defines <c>window.Plotly</c>, marked so a handout writer can find it.</summary>
    /// <returns>A <c>&lt;script&gt;</c> element holding the whole library.</returns>
    public static string ScriptElement() =>
        $"<script type=\"text/javascript\" {MarkerAttribute}=\"{Version}\">{Source}</script>";

    private static string ResourceName() =>
        typeof(PlotlyScript).Assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal));

    private static string ReadEmbeddedSource()
    {
        var assembly = typeof(PlotlyScript).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName())
            ?? throw new InvalidOperationException($"plotly.js is not embedded in {assembly.GetName()}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
