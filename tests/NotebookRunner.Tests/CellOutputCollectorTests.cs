using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public sealed class CellOutputCollectorTests
{
    [Fact]
    public void KernelEvent_BannerLine_IsIgnored()
    {
        Assert.Null(KernelEvent.TryParse("Welcome to .NET Interactive! Telemetry is on."));
        Assert.Null(KernelEvent.TryParse("{ not json"));
    }

    [Fact]
    public void KernelEvent_ChildToken_BelongsToParentOnly()
    {
        var child = Event("StandardOutputValueProduced", "cell-3.1", """{"formattedValues":[]}""");

        Assert.True(child.BelongsTo("cell-3"));
        Assert.False(child.BelongsTo("cell-3.1.2"));
        Assert.False(Event("CommandSucceeded", "cell-30", "{}").BelongsTo("cell-3"));
    }

    [Fact]
    public void CellOutputCollector_StandardStreams_BecomeMergedStreamOutputs()
    {
        var collector = new CellOutputCollector(executionCount: 1);

        collector.Add(Event("StandardOutputValueProduced", "t", Values(("text/plain", "a\n"))));
        collector.Add(Event("StandardOutputValueProduced", "t", Values(("text/plain", "b\n"))));
        collector.Add(Event("StandardErrorValueProduced", "t", Values(("text/plain", "oops\n"))));

        Assert.Collection(
            collector.Outputs,
            output => AssertJson("""{"output_type":"stream","name":"stdout","text":"a\nb\n"}""", output),
            output => AssertJson("""{"output_type":"stream","name":"stderr","text":"oops\n"}""", output));
    }

    [Fact]
    public void CellOutputCollector_DisplayAndReturnValue_BecomeDisplayDataAndExecuteResult()
    {
        var collector = new CellOutputCollector(executionCount: 7);

        collector.Add(Event("DisplayedValueProduced", "t", Values(("text/html", "<b>x</b>"), ("text/plain", "x")), "id-1"));
        collector.Add(Event("ReturnValueProduced", "t", Values(("text/plain", "42"), ("application/json", """{"a":1}"""))));
        collector.Add(Event("DiagnosticsProduced", "t", """{"diagnostics":[]}"""));

        Assert.Collection(
            collector.Outputs,
            output => AssertJson("""{"output_type":"display_data","data":{"text/html":"<b>x</b>","text/plain":"x"},"metadata":{}}""", output),
            output => AssertJson("""{"output_type":"execute_result","data":{"text/plain":"42","application/json":{"a":1}},"metadata":{},"execution_count":7}""", output));
    }

    [Fact]
    public void CellOutputCollector_DisplayedValueUpdated_ReplacesTheDisplayWithTheSameValueId()
    {
        var collector = new CellOutputCollector(executionCount: 1);

        collector.Add(Event("DisplayedValueProduced", "t", Values(("text/plain", "0/4")), "progress"));
        collector.Add(Event("StandardOutputValueProduced", "t", Values(("text/plain", "between\n"))));
        collector.Add(Event("DisplayedValueUpdated", "t", Values(("text/plain", "4/4")), "progress"));

        Assert.Equal(2, collector.Outputs.Count);
        AssertJson("""{"output_type":"display_data","data":{"text/plain":"4/4"},"metadata":{}}""", collector.Outputs[0]);
    }

    [Fact]
    public void CellOutputCollector_UpdateOfUnknownValueId_IsKeptAsNewDisplay()
    {
        var collector = new CellOutputCollector(executionCount: 1);

        collector.Add(Event("DisplayedValueUpdated", "t", Values(("text/plain", "late")), "never-shown"));

        AssertJson("""{"output_type":"display_data","data":{"text/plain":"late"},"metadata":{}}""", Assert.Single(collector.Outputs));
    }

    [Fact]
    public void CellOutputCollector_SuppressedValue_IsLeftOut()
    {
        var collector = new CellOutputCollector(executionCount: 1);
        var body = """{"formattedValues":[{"mimeType":"text/plain","value":"hidden","suppressDisplay":true}],"valueId":null}""";

        collector.Add(Event("ReturnValueProduced", "t", body));

        Assert.Empty(collector.Outputs);
    }

    [Fact]
    public void CellOutputCollector_ExceptionMessage_BecomesErrorWithTypeAndTraceback()
    {
        var collector = new CellOutputCollector(executionCount: 1);

        collector.AddError("System.InvalidOperationException: boom\n   at Submission#2.<<Initialize>>d__0.MoveNext()");

        var error = Assert.Single(collector.Outputs);
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("boom", error["evalue"]!.GetValue<string>());
        Assert.Equal(2, error["traceback"]!.AsArray().Count);
    }

    [Fact]
    public void CellOutputCollector_CompileError_BecomesErrorNamedError()
    {
        var (name, value) = CellOutputCollector.SplitErrorMessage("(1,9): error CS0029: Cannot implicitly convert type 'string' to 'int'");

        Assert.Equal("Error", name);
        Assert.Contains("CS0029", value, StringComparison.Ordinal);
    }

    private static KernelEvent Event(string eventType, string token, string body) =>
        KernelEvent.TryParse($$$"""{"event":{{{body}}},"eventType":"{{{eventType}}}","command":{"token":"{{{token}}}","commandType":"SubmitCode"}}""")
        ?? throw new InvalidOperationException("The test event did not parse.");

    private static KernelEvent Event(string eventType, string token, JsonArray values, string? valueId = null) =>
        Event(eventType, token, new JsonObject { ["formattedValues"] = values, ["valueId"] = valueId }.ToJsonString());

    private static JsonArray Values(params (string MimeType, string Value)[] values) =>
        new(values.Select(v => (JsonNode)new JsonObject { ["mimeType"] = v.MimeType, ["value"] = v.Value, ["suppressDisplay"] = false }).ToArray());

    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nActual   {actual.ToJsonString()}");
}
