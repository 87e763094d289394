namespace ConcurrencyNotebooks.Timelines;

/// <summary>The innermost open <see cref="Timeline.AsyncSpan(string)"/> of an async flow, as the flow's execution context carries it.</summary>
/// <param name="Id">The span's id.</param>
/// <param name="Start">The span's start timestamp: a span on a thread that started later is nested deeper.</param>
/// <param name="Parent">The flowing span this one is nested in, or null.</param>
internal sealed record FlowingSpan(long Id, long Start, FlowingSpan? Parent);
