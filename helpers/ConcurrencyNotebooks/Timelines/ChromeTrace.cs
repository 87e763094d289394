using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Writes a <see cref="Timeline"/> in the Chrome trace event format, which Perfetto (ui.perfetto.dev) and chrome://tracing open.</summary>
/// <remarks>
/// <para>Spans become complete events (<c>ph:"X"</c>), markers instant events (<c>ph:"i"</c>), processes and lanes
/// get <c>process_name</c>/<c>thread_name</c> metadata (<c>ph:"M"</c>), and each await hop is a flow
/// (<c>ph:"s"</c> on the starting thread, <c>ph:"f"</c> with <c>bp:"e"</c> on a 1 µs "resumed" slice of the ending thread).
/// Counter samples are counter events (<c>ph:"C"</c>, one track per counter name, <c>args.value</c>).
/// Times are microseconds since the timeline's origin; <c>tid</c> is the OS thread id.</para>
/// <para>Thread-safe: works on a snapshot.</para>
/// </remarks>
/// <example><code>
/// using (var file = File.Create("trace.json")) { ChromeTrace.Write(tl, file); }   // then open it in ui.perfetto.dev
/// </code></example>
public static class ChromeTrace
{
    /// <summary>Writes <paramref name="timeline"/> as Chrome trace JSON (UTF-8) to <paramref name="stream"/>.</summary>
    /// <param name="timeline">The timeline to export.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    public static void Write(Timeline timeline, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(stream);
        var layout = TimelineLayout.Build(timeline);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartArray("traceEvents");

        foreach (var process in layout.Lanes.GroupBy(l => l.ProcessId))
        {
            var label = process.Key == timeline.ProcessId
                ? timeline.Title
                : layout.Spans.FirstOrDefault(s => s.ProcessId == process.Key && s.Lane is not null)?.Lane ?? "process";
            Metadata(json, "process_name", process.Key, 0, $"{label} (pid {process.Key})");
            foreach (var lane in process)
            {
                Metadata(json, "thread_name", lane.ProcessId, lane.OsThreadId, lane.Name);
            }
        }

        var flowId = 0;
        foreach (var s in layout.Spans)
        {
            var ts = Micros(layout, s.StartTicks);
            json.WriteStartObject();
            json.WriteString("name", s.Label);
            json.WriteString("cat", s.Kind.ToString().ToLowerInvariant());
            if (s.Kind == SpanKind.Marker)
            {
                json.WriteString("ph", "i");
                json.WriteString("s", "t");
                Where(json, s.ProcessId, s.OsThreadId, ts);
            }
            else
            {
                json.WriteString("ph", "X");
                Where(json, s.ProcessId, s.OsThreadId, ts);
                json.WriteNumber("dur", Math.Max(0, Micros(layout, s.EndTicks) - ts));
            }

            json.WriteStartObject("args");
            json.WriteNumber("id", s.Id);
            if (s.ParentId is { } parent)
            {
                json.WriteNumber("parent", parent);
            }

            json.WriteNumber("managed_tid", s.ManagedThreadId);
            json.WriteBoolean("pool_thread", s.IsThreadPoolThread);
            if (s.IsUnfinished)
            {
                json.WriteBoolean("unfinished", true);
            }

            if (s.Hopped)
            {
                json.WriteNumber("end_tid", s.EndOsThreadId);
            }

            json.WriteEndObject();
            json.WriteEndObject();

            if (s.Hopped)
            {
                var end = Micros(layout, s.EndTicks);
                var id = ++flowId;
                Flow(json, "s", s, s.ProcessId, s.OsThreadId, ts, id);
                json.WriteStartObject();
                json.WriteString("name", s.Label + " (resumed)");
                json.WriteString("cat", "hop");
                json.WriteString("ph", "X");
                Where(json, s.ProcessId, s.EndOsThreadId, end - 1);
                json.WriteNumber("dur", 1);
                json.WriteEndObject();
                Flow(json, "f", s, s.ProcessId, s.EndOsThreadId, end - 1, id);
            }
        }

        foreach (var c in layout.Counters)
        {
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteString("cat", "counter");
            json.WriteString("ph", "C");
            Where(json, c.ProcessId, 0, Micros(layout, c.Ticks));
            json.WriteStartObject("args");
            json.WriteNumber("value", c.Value);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes <paramref name="timeline"/> as Chrome trace JSON text.</summary>
    /// <param name="timeline">The timeline to export.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="timeline"/> is null.</exception>
    public static string ToJson(Timeline timeline)
    {
        using var buffer = new MemoryStream();
        Write(timeline, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static double Micros(TimelineLayout layout, long ticks) => Math.Round(layout.Milliseconds(ticks) * 1000, 3);

    private static void Where(Utf8JsonWriter json, int pid, int tid, double ts)
    {
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", ts);
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int pid, int tid, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Flow(Utf8JsonWriter json, string phase, SpanRecord span, int pid, int tid, double ts, int id)
    {
        json.WriteStartObject();
        json.WriteString("name", "await hop");
        json.WriteString("cat", "hop");
        json.WriteString("ph", phase);
        json.WriteString("id", id.ToString(CultureInfo.InvariantCulture));
        if (phase == "f")
        {
            json.WriteString("bp", "e");
        }

        Where(json, pid, tid, ts);
        json.WriteEndObject();
    }
}
