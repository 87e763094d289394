namespace ConcurrencyNotebooks.Timelines;

/// <summary>Writes a <see cref="Timeline"/> in the Chrome trace event format that Perfetto opens.</summary>
public static class ChromeTrace
{
    /// <summary>Writes <paramref name="timeline"/> as Chrome trace JSON text.</summary>
    /// <param name="timeline">The timeline to export.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(Timeline timeline) => "{}";
}
