using System.Diagnostics.Tracing;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Names, keywords and payload fields of the runtime events a timeline records (checked against dotnet/runtime's ClrEtwAll.man).</summary>
internal static class RuntimeEvents
{
    /// <summary>The in-process event source of the runtime (CoreCLR's NativeRuntimeEventSource).</summary>
    public const string SourceName = "Microsoft-Windows-DotNETRuntime";

    /// <summary>GCKeyword | ContentionKeyword | ThreadingKeyword: GC pauses, lock contention, thread-pool adjustments.</summary>
    public const EventKeywords Keywords = (EventKeywords)(0x1 | 0x4000 | 0x10000);

    /// <summary>The lane (pseudo OS thread id) that holds pool adjustments and GC pauses, which belong to no one thread.</summary>
    public const int LaneThreadId = -1;

    /// <summary>The name of <see cref="LaneThreadId"/>'s lane.</summary>
    public const string LaneName = "runtime (pool, GC)";

    /// <summary>Starts the label of a thread-pool adjustment marker, "pool goal → 4 threads (starvation)": the event carries
    /// the pool's new thread goal (its <c>NewWorkerThreadCount</c> field), not how many threads exist.</summary>
    public const string GoalMarkerPrefix = "pool goal → ";

    /// <summary>Gets an event's name without its version suffix ("GCStart_V2" → "GCStart"): runtimes name the same
    /// event with or without it (.NET 10 delivers "ContentionStop" and "GCStart_V2").</summary>
    /// <param name="name">The event's name as delivered.</param>
    /// <returns>The name without "_V" and digits at its end.</returns>
    public static string BaseName(string? name)
    {
        if (name is null)
        {
            return "";
        }

        var at = name.LastIndexOf("_V", StringComparison.Ordinal);
        return at > 0 && at + 2 < name.Length && name.AsSpan(at + 2).IndexOfAnyExceptInRange('0', '9') < 0 ? name[..at] : name;
    }

    /// <summary>Names the Reason of ThreadPoolWorkerThreadAdjustmentAdjustment (ThreadAdjustmentReasonMap).</summary>
    /// <param name="reason">The payload's value.</param>
    /// <returns>A short name such as "starvation".</returns>
    public static string AdjustmentReason(long reason) => reason switch
    {
        0 => "warm-up",
        1 => "initializing",
        2 => "hill climbing, random move",
        3 => "hill climbing",
        4 => "hill climbing, change point",
        5 => "stabilizing",
        6 => "starvation",
        7 => "thread timed out",
        8 => "blocking (Wait/Result)",
        _ => $"reason {reason}",
    };
}
