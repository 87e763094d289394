using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>One event line from the kernel's stdio protocol: <c>{"event":{…},"eventType":"…","command":{"token":"…"}}</c>.</summary>
/// <param name="EventType">The event type, e.g. <c>StandardOutputValueProduced</c> or <c>CommandFailed</c>.</param>
/// <param name="Token">The token of the command that caused it, or null for kernel-wide events such as <c>KernelReady</c>.</param>
/// <param name="Body">The <c>event</c> object itself.</param>
internal sealed record KernelEvent(string EventType, string? Token, JsonObject Body)
{
    /// <summary>Parses one line of kernel output; returns null for lines that are not event JSON (the telemetry banner).</summary>
    /// <param name="line">One line of the kernel's stdout.</param>
    /// <returns>The event, or null when the line is not a JSON event.</returns>
    public static KernelEvent? TryParse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (node is not JsonObject root || root["eventType"]?.GetValue<string>() is not { } eventType)
        {
            return null;
        }

        var token = root["command"]?["token"]?.GetValue<string>();
        var body = root["event"] as JsonObject ?? [];
        return new KernelEvent(eventType, token, body);
    }

    /// <summary>Tells whether this event belongs to the command <paramref name="token"/> or one of its child commands (<c>token.1</c>, …).</summary>
    /// <param name="token">The token the runner sent.</param>
    /// <returns>True for the command itself and its children.</returns>
    public bool BelongsTo(string token) =>
        Token is not null && (Token == token || Token.StartsWith(token + ".", StringComparison.Ordinal));
}
