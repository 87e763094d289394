using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Makes a <see cref="Timeline"/> show as a chart in a notebook cell, and as text where HTML is not wanted.</summary>
/// <remarks>Registration is global to the kernel; calling it again replaces the same formatters. Called by <see cref="Notebook.Setup"/>.</remarks>
internal static class TimelineFormatter
{
    /// <summary>Registers the text/html (offline Plotly chart) and text/plain (text timeline) formatters.</summary>
    public static void Register()
    {
        foreach (var formatter in new TimelineFormatterSource().CreateTypeFormatters())
        {
            Formatter.Register(formatter);
        }

        Formatter.SetPreferredMimeTypesFor(typeof(Timeline), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }
}
