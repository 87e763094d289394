using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Charts;

namespace NotebookRunner.Tests;

public sealed class HandoutWriterTests
{
    [Fact]
    public void HandoutWriter_ChartNotebook_DropsMarkerOutputAndPutsPlotlyOnceInHead()
    {
        var marker = PlotlyScript.ScriptElement();
        var chart = ChartHtml.Render("""{"data":[{"type":"bar","x":["a"],"y":[1]}],"layout":{}}""");
        var document = Document(
            Code(1, "Notebook.Setup();", DisplayHtml(marker)),
            Code(2, "chart", DisplayHtml(chart)),
            Code(3, "another chart", DisplayHtml(chart)));

        var html = HandoutWriter.Render(document, "charts");

        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.Single(Regex.Matches(html, Regex.Escape(PlotlyScript.MarkerAttribute)));
        Assert.Contains(PlotlyScript.MarkerAttribute, head, StringComparison.Ordinal);
        Assert.DoesNotContain(PlotlyScript.MarkerAttribute, body, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(body, $"class=\"{ChartHtml.ContainerClass}\"").Count);
    }

    [Fact]
    public void HandoutWriter_NoChart_HasNoPlotlyScript()
    {
        var document = Document(Code(1, "Notebook.Setup();", DisplayHtml(PlotlyScript.ScriptElement())), Code(2, "1 + 1", """{"output_type":"stream","name":"stdout","text":"2\n"}"""));

        var html = HandoutWriter.Render(document, "plain");

        Assert.DoesNotContain(PlotlyScript.MarkerAttribute, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HandoutWriter_Outputs_RenderAsHtmlPreImageAndErrorBox()
    {
        var document = Document(
            Markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```csharp\nvar x = 1;\n```"),
            Code(1, "var s = \"<tag>\";",
                """{"output_type":"stream","name":"stdout","text":"<plain & text>"}""",
                """{"output_type":"display_data","data":{"text/html":"<b class=\"raw\">bold</b>","text/plain":"bold"},"metadata":{}}""",
                """{"output_type":"display_data","data":{"image/png":"iVBORw0KGgo="},"metadata":{}}""",
                """{"output_type":"error","ename":"System.InvalidOperationException","evalue":"boom","traceback":["System.InvalidOperationException: boom"]}"""));

        var html = HandoutWriter.Render(document, "outputs");

        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code class=\"language-csharp\">var x = 1;", html, StringComparison.Ordinal);
        Assert.Contains("var s = &quot;&lt;tag&gt;&quot;;", html, StringComparison.Ordinal);
        Assert.Contains("<pre>&lt;plain &amp; text&gt;</pre>", html, StringComparison.Ordinal);
        Assert.Contains("<b class=\"raw\">bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"output error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HandoutWriter_CellFailedAsExpected_SaysTheErrorIsExpected()
    {
        const string error = """{"output_type":"error","ename":"System.Exception","evalue":"Not yet","traceback":["System.Exception: Not yet"]}""";
        var expected = Code(1, "Check(Answer);", error).Replace("\"duration_ms\":12", "\"duration_ms\":12,\"status\":\"failed_as_expected\"", StringComparison.Ordinal);
        var document = Document(expected, Code(2, "throw new Exception();", error));

        var html = HandoutWriter.Render(document, "exercise");

        Assert.Single(Regex.Matches(html, "class=\"expected-error\""));
        Assert.Equal(2, Regex.Matches(html, "class=\"output error\"").Count);
    }

    private static NotebookDocument Document(params string[] cells) =>
        NotebookDocument.Parse($$"""{"cells":[{{string.Join(",", cells)}}],"metadata":{},"nbformat":4,"nbformat_minor":5}""");

    private static string Markdown(string source) =>
        $$$"""{"cell_type":"markdown","metadata":{},"source":{{{Quote(source)}}}}""";

    private static string Code(int count, string source, params string[] outputs) =>
        $$$"""{"cell_type":"code","execution_count":{{{count}}},"metadata":{"notebook_runner":{"duration_ms":12}},"outputs":[{{{string.Join(",", outputs)}}}],"source":{{{Quote(source)}}}}""";

    private static string DisplayHtml(string html) =>
        $$$"""{"output_type":"display_data","data":{"text/html":{{{Quote(html)}}}},"metadata":{}}""";

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
