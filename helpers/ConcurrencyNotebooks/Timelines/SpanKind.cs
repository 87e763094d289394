namespace ConcurrencyNotebooks.Timelines;

/// <summary>Says what kind of work a <see cref="SpanRecord"/> stands for.</summary>
public enum SpanKind
{
    /// <summary>Synchronous work that started and ended on one thread.</summary>
    Thread = 0,

    /// <summary>Asynchronous work: recorded with <see cref="Timeline.RecordAsync(string, Func{Task})"/>, or a span that ended on another thread than it started on (an await hop).</summary>
    Async = 1,

    /// <summary>Work done in another process, such as a job in a worker process.</summary>
    Process = 2,

    /// <summary>An instant with no duration, recorded with <see cref="Timeline.Mark(string)"/>.</summary>
    Marker = 3,

    /// <summary>Reported by the runtime itself, such as a wait for a lock or a GC pause (see <see cref="Timeline.RecordRuntimeEvents"/>).</summary>
    Runtime = 4,
}
