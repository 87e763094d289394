using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConcurrencyNotebooks.Charts;
using Markdig;

namespace NotebookRunner;

/// <summary>Renders an executed notebook as one self-contained HTML handout that needs no network, charts included.</summary>
/// <remarks>
/// <para>Markdown cells go through Markdig (pipe tables, fenced code, …). Code cells show their source, a small grey
/// duration and their outputs: <c>text/html</c> raw, <c>image/*</c> as data URIs, <c>text/plain</c> and streams in
/// <c>&lt;pre&gt;</c>, errors in a red box.</para>
/// <para>The setup cell's plotly.js output (marked with <see cref="PlotlyScript.MarkerAttribute"/>) is dropped;
/// when any output holds a chart (<see cref="ChartHtml.ContainerClass"/>), <see cref="PlotlyScript.ScriptElement"/>
/// goes once into <c>&lt;head&gt;</c>.</para>
/// <para>Everything is read from the executed notebook (outputs, <c>metadata.execution</c>, <c>metadata.notebook_runner</c>).</para>
/// </remarks>
internal static class HandoutWriter
{
    private static readonly MarkdownPipeline _markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private static readonly string[] _preferredMimeTypes =
        ["text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/markdown", "application/json", "text/plain"];

    /// <summary>Writes the handout for <paramref name="executed"/> to <paramref name="path"/>, creating its folder.</summary>
    /// <param name="executed">The executed notebook.</param>
    /// <param name="title">The page title, usually the notebook's file name.</param>
    /// <param name="path">The target .html file.</param>
    public static void Write(NotebookDocument executed, string title, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Render(executed, title), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Renders the handout HTML for <paramref name="executed"/>.</summary>
    /// <param name="executed">The executed notebook.</param>
    /// <param name="title">The page title, usually the notebook's file name.</param>
    /// <returns>A complete HTML document.</returns>
    public static string Render(NotebookDocument executed, string title)
    {
        ArgumentNullException.ThrowIfNull(executed);
        var body = new StringBuilder();
        AppendBanner(body, executed, title);
        foreach (var cell in executed.Cells)
        {
            switch (cell.CellType)
            {
                case "markdown":
                    body.Append("<section class=\"cell markdown\">\n").Append(Markdown.ToHtml(cell.Source, _markdown)).Append("</section>\n");
                    break;
                case "code":
                    AppendCodeCell(body, cell);
                    break;
                default:
                    body.Append("<section class=\"cell raw\"><pre>").Append(Encode(cell.Source)).Append("</pre></section>\n");
                    break;
            }
        }

        var bodyHtml = body.ToString();
        var chartMarker = $"class=\"{ChartHtml.ContainerClass}\"";
        var plotly = bodyHtml.Contains(chartMarker, StringComparison.Ordinal) ? PlotlyScript.ScriptElement() + "\n" : "";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Concurrency Notebooks runner">
            <title>{Encode(title)}</title>
            <style>
            {Css}
            </style>
            {plotly}</head>
            <body>
            <main>
            {bodyHtml}</main>
            </body>
            </html>

            """;
    }

    /// <summary>Tells whether an output is the setup cell's plotly.js script, which a handout replaces with one script in its head.</summary>
    /// <param name="output">An nbformat output.</param>
    /// <returns>True when its HTML carries <see cref="PlotlyScript.MarkerAttribute"/>.</returns>
    public static bool IsPlotlyScriptOutput(JsonObject output) =>
        output["data"]?["text/html"] is { } html
        && NotebookCell.JoinText(html).Contains(PlotlyScript.MarkerAttribute, StringComparison.Ordinal);

    private const string Css = """
        :root { --ink: #1f2328; --muted: #6e7781; --line: #d0d7de; --code-bg: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink); font: 16px/1.6 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 28px 64px; }
        h1, h2, h3 { line-height: 1.25; margin: 1.4em 0 0.5em; }
        h1 { font-size: 2em; border-bottom: 1px solid var(--line); padding-bottom: 0.3em; }
        h2 { font-size: 1.5em; border-bottom: 1px solid var(--line); padding-bottom: 0.25em; }
        a { color: var(--accent); }
        blockquote { margin: 1em 0; padding: 0.2em 1em; color: #3b434b; border-left: 4px solid var(--accent); background: #f3f8ff; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: var(--code-bg); }
        code, pre { font-family: "Cascadia Code", "JetBrains Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: 14px; }
        :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.35em; border-radius: 4px; }
        pre { margin: 0; white-space: pre-wrap; word-wrap: break-word; }
        .markdown pre { background: var(--code-bg); padding: 10px 14px; border-radius: 6px; }
        .run-banner { font-size: 13px; color: var(--muted); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin-bottom: 8px; }
        .run-banner .status { font-weight: 600; }
        .run-banner.passed .status { color: #1a7f37; }
        .run-banner.failed .status, .run-banner.timedout .status { color: #cf222e; }
        .cell { margin: 14px 0; }
        .cell.code { border-left: 3px solid var(--accent); padding-left: 12px; }
        .cell.code.not-run { border-left-color: var(--line); opacity: 0.7; }
        .cell-meta { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); margin-bottom: 2px; }
        .source { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
        .outputs { margin-top: 6px; }
        .output { margin: 6px 0; overflow-x: auto; }
        .output pre { padding: 6px 14px; border-left: 2px solid var(--line); }
        .output.stderr pre { background: #fff8e6; border-left-color: #d4a72c; }
        .output img { max-width: 100%; }
        .output.error { border: 1px solid #ff8182; background: #ffebe9; border-radius: 6px; padding: 8px 12px; color: #82071e; }
        .output.error .ename { font-weight: 600; margin-bottom: 4px; }
        .expected-error { color: #57606a; font-size: 0.85em; margin: 4px 0; }
        .output.error pre { border: none; padding: 0; }
        .cn-chart { page-break-inside: avoid; }
        @media print {
          main { max-width: none; padding: 0; }
          .cell { page-break-inside: avoid; }
          .source { border-color: #bbb; }
          a { color: inherit; }
        }
        """;

    private static void AppendBanner(StringBuilder body, NotebookDocument executed, string title)
    {
        var run = executed.Metadata["notebook_runner"] as JsonObject;
        var status = run?["status"]?.GetValue<string>() ?? "not run";
        var codeCells = executed.Cells.Count(cell => cell.IsCode);
        body.Append("<header class=\"run-banner ").Append(Encode(status.Replace("_", "", StringComparison.Ordinal))).Append("\">")
            .Append("<strong>").Append(Encode(title)).Append("</strong> · <span class=\"status\">").Append(Encode(status.Replace('_', ' '))).Append("</span>")
            .Append(" · ").Append(codeCells.ToString(CultureInfo.InvariantCulture)).Append(" code cells");
        if (run?["duration_ms"]?.GetValue<long>() is { } milliseconds)
        {
            body.Append(" · ").Append(FormatDuration(milliseconds));
        }

        if (run?["started"]?.GetValue<string>() is { } started)
        {
            body.Append(" · run ").Append(Encode(started));
        }

        body.Append("</header>\n");
    }

    private static void AppendCodeCell(StringBuilder body, NotebookCell cell)
    {
        var count = cell.Node["execution_count"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
        var execution = cell.Run;
        body.Append("<section class=\"cell code").Append(count is null ? " not-run" : "").Append("\">\n");
        body.Append("<div class=\"cell-meta\"><span>")
            .Append(count is { } n ? $"[{n}]" : "not run")
            .Append(cell.KernelName == "csharp" ? "" : " " + Encode(cell.KernelName))
            .Append("</span><span class=\"duration\">");
        if (execution?["duration_ms"]?.GetValue<long>() is { } milliseconds)
        {
            body.Append(FormatDuration(milliseconds));
        }

        body.Append("</span></div>\n");
        body.Append("<pre class=\"source\"><code class=\"language-").Append(Encode(cell.KernelName)).Append("\">")
            .Append(Encode(cell.Source)).Append("</code></pre>\n");

        if (cell.Node["outputs"] is JsonArray { Count: > 0 } outputs)
        {
            body.Append("<div class=\"outputs\">\n");
            if (execution?["status"]?.GetValue<string>() == "failed_as_expected")
            {
                body.Append("<div class=\"expected-error\">Expected: this check throws until the exercise is answered (the cell is tagged <code>")
                    .Append(NotebookCell.RaisesExceptionTag).Append("</code>).</div>\n");
            }

            foreach (var output in outputs.OfType<JsonObject>())
            {
                AppendOutput(body, output);
            }

            body.Append("</div>\n");
        }

        body.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder body, JsonObject output)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                body.Append("<div class=\"output ").Append(name).Append("\"><pre>").Append(Encode(NotebookCell.JoinText(output["text"]))).Append("</pre></div>\n");
                break;
            case "error":
                var traceback = output["traceback"] is JsonArray lines
                    ? string.Join('\n', lines.Select(line => line?.GetValue<string>() ?? ""))
                    : output["evalue"]?.GetValue<string>() ?? "";
                body.Append("<div class=\"output error\"><div class=\"ename\">").Append(Encode(output["ename"]?.GetValue<string>() ?? "Error"))
                    .Append("</div><pre>").Append(Encode(traceback)).Append("</pre></div>\n");
                break;
            case "display_data" or "execute_result" when !IsPlotlyScriptOutput(output) && output["data"] is JsonObject data:
                AppendMimeBundle(body, data);
                break;
        }
    }

    private static void AppendMimeBundle(StringBuilder body, JsonObject data)
    {
        var mimeType = _preferredMimeTypes.FirstOrDefault(data.ContainsKey) ?? data.Select(pair => pair.Key).FirstOrDefault();
        if (mimeType is null)
        {
            return;
        }

        var node = data[mimeType];
        var text = node is JsonObject or JsonArray && mimeType.Contains("json", StringComparison.Ordinal)
            ? node.ToJsonString()
            : NotebookCell.JoinText(node);
        body.Append("<div class=\"output display\">");
        body.Append(mimeType switch
        {
            "text/html" or "image/svg+xml" => text,
            "image/png" or "image/jpeg" or "image/gif" => $"<img alt=\"output\" src=\"data:{mimeType};base64,{text.Replace("\n", "", StringComparison.Ordinal)}\">",
            "text/markdown" => Markdown.ToHtml(text, _markdown),
            _ => $"<pre>{Encode(text)}</pre>",
        });
        body.Append("</div>\n");
    }

    private static string FormatDuration(long milliseconds) =>
        milliseconds < 1000
            ? milliseconds.ToString(CultureInfo.InvariantCulture) + " ms"
            : (milliseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
