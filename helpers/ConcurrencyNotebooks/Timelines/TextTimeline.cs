namespace ConcurrencyNotebooks.Timelines;

/// <summary>Draws a <see cref="Timeline"/> as text: one row per lane, bars on a scaled time axis, and a legend.</summary>
public static class TextTimeline
{
    /// <summary>Renders <paramref name="timeline"/> as a multi-line text chart.</summary>
    /// <param name="timeline">The timeline to draw.</param>
    /// <param name="width">The number of characters on the time axis.</param>
    /// <returns>The text chart.</returns>
    public static string Render(Timeline timeline, int width = 80) => timeline.Title;
}
