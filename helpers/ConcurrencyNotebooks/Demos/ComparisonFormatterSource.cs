using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Gives the kernel the formatters of <see cref="Comparison"/>: an HTML table, and a text table.</summary>
/// <remarks>Found through the type's attribute, so it works even when registrations made in the setup cell are dropped.</remarks>
internal sealed class ComparisonFormatterSource : ITypeFormatterSource
{
    /// <summary>Creates the text/html and text/plain formatters.</summary>
    /// <returns>The two formatters.</returns>
    public IEnumerable<ITypeFormatter> CreateTypeFormatters() =>
    [
        new HtmlFormatter<Comparison>((comparison, context) =>
        {
            context.Writer.Write(comparison.ToHtml());
            return true;
        }),
        new PlainTextFormatter<Comparison>((comparison, context) =>
        {
            context.Writer.Write(comparison.ToString());
            return true;
        }),
    ];
}
