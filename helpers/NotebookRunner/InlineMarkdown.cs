using System.Net;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace NotebookRunner;

/// <summary>Renders one line of a notebook's markdown (a title, a section name, a prompt) as inline HTML: code, bold,
/// italics; raw HTML is shown as text and links as their text, so a line can never inject markup or a script link.</summary>
/// <remarks>Markdig (already used by the handouts) parses the line as a heading's content, so a line starting with
/// <c>1.</c> or <c>-</c> never becomes a list: a heading holds inlines only.</remarks>
internal static partial class InlineMarkdown
{
    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>Returns the HTML of <paramref name="markdown"/>'s inline markup, whitespace collapsed to one line.</summary>
    /// <param name="markdown">One line (or a few, joined) of markdown.</param>
    /// <returns>HTML safe to place inside an element.</returns>
    public static string ToHtml(string markdown)
    {
        var line = Whitespace().Replace(markdown, " ").Trim();
        if (line.Length == 0)
        {
            return "";
        }

        // The closing " #" protects a line's own trailing '#' (as in "C#"), which a heading would otherwise drop.
        var document = Markdown.Parse("# " + line + " #", _pipeline);
        if (document.Count != 1 || document[0] is not HeadingBlock { Inline: { } inline })
        {
            return WebUtility.HtmlEncode(line);
        }

        foreach (var link in inline.Descendants<LinkInline>().ToList())
        {
            while (link.FirstChild is { } child)
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
        }

        foreach (var autolink in inline.Descendants<AutolinkInline>().ToList())
        {
            autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.WriteChildren(inline);
        writer.Flush();
        return writer.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
