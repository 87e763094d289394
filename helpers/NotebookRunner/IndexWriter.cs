using System.Globalization;
using System.Net;
using System.Text;

namespace NotebookRunner;

/// <summary>Writes <c>index.html</c>: one row per notebook with its result, cell count, duration and links to its handout and executed copy.</summary>
internal static class IndexWriter
{
    /// <summary>The index file's name inside the output folder.</summary>
    public const string FileName = "index.html";

    /// <summary>Writes the index for <paramref name="results"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="results">The notebooks run, in order.</param>
    /// <param name="outputDirectory">The folder holding the artifacts; links are relative to it.</param>
    /// <returns>The path of the written file.</returns>
    public static string Write(IReadOnlyList<NotebookRunResult> results, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, FileName);
        File.WriteAllText(path, Render(results), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>Renders the index HTML.</summary>
    /// <param name="results">The notebooks run, in order.</param>
    /// <returns>A complete HTML document.</returns>
    public static string Render(IReadOnlyList<NotebookRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new StringBuilder();
        foreach (var result in results)
        {
            var name = Encode(result.Name);
            var link = Uri.EscapeDataString(result.Name);
            var css = result.Status == NotebookStatus.Passed ? "passed" : "failed";
            rows.Append("<tr>")
                .Append("<td><a href=\"").Append(link).Append(".html\">").Append(name).Append("</a></td>")
                .Append("<td class=\"").Append(css).Append("\">").Append(Encode(result.Summary)).Append("</td>")
                .Append("<td class=\"number\">").Append(result.CodeCellCount.ToString(CultureInfo.InvariantCulture))
                .Append(" / ").Append(result.Cells.Count.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"number\">").Append(result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</td>")
                .Append("<td><a href=\"").Append(link).Append(".html\">handout</a> · <a href=\"").Append(link).Append(".ipynb\">ipynb</a></td>")
                .Append("</tr>\n");
        }

        var passed = results.Count(result => result.Status == NotebookStatus.Passed);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Concurrency Notebooks: run results</title>
            <style>
            body { margin: 0; color: #1f2328; font: 16px/1.5 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
            main { max-width: 980px; margin: 0 auto; padding: 24px 28px; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border-bottom: 1px solid #d0d7de; padding: 6px 10px; text-align: left; }
            th { background: #f6f8fa; }
            .number { text-align: right; font-variant-numeric: tabular-nums; }
            .passed { color: #1a7f37; font-weight: 600; }
            .failed { color: #cf222e; font-weight: 600; }
            .note { color: #6e7781; font-size: 13px; }
            a { color: #0969da; }
            </style>
            </head>
            <body>
            <main>
            <h1>Concurrency Notebooks</h1>
            <p>{{passed}} of {{results.Count}} notebooks passed. For teachers: the <a href="facilitator.html">facilitator's page</a> (workshop plan, exercises, knobs).</p>
            <table>
            <thead><tr><th>Notebook</th><th>Result</th><th class="number">Code / all cells</th><th class="number">Time</th><th>Files</th></tr></thead>
            <tbody>
            {{rows}}</tbody>
            </table>
            <p class="note">Cell numbers are 1-based and count markdown cells. Each notebook ran top to bottom in a fresh dotnet-interactive kernel; a run stops at its first failing cell.</p>
            </main>
            </body>
            </html>

            """;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
