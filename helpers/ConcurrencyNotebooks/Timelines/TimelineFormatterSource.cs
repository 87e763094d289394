using ConcurrencyNotebooks.Charts;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Gives the kernel the formatters of <see cref="Timeline"/> through its <see cref="TypeFormatterSourceAttribute"/>.</summary>
/// <remarks>Found by the kernel from the attribute, so a timeline shows as a chart even when the kernel (dotnet-interactive
/// 1.0.712001) drops a registration made in the same cell as the <c>#r</c>. Stateless; thread-safe.</remarks>
internal sealed class TimelineFormatterSource : ITypeFormatterSource
{
    /// <summary>Creates the text/html (offline Plotly chart) and text/plain (text timeline) formatters.</summary>
    /// <returns>The two formatters.</returns>
    public IEnumerable<ITypeFormatter> CreateTypeFormatters() =>
    [
        new HtmlFormatter<Timeline>((timeline, context) =>
        {
            timeline.CatchUpRuntimeEvents();
            context.Writer.Write(ChartHtml.Render(TimelineChart.Create(timeline)));
            return true;
        }),
        new PlainTextFormatter<Timeline>((timeline, context) =>
        {
            timeline.CatchUpRuntimeEvents();
            context.Writer.Write(TextTimeline.Render(timeline));
            return true;
        }),
    ];
}
