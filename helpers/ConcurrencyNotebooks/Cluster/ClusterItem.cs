namespace ConcurrencyNotebooks.Clusters;

/// <summary>Where and when one item of a cluster map ran.</summary>
/// <param name="Index">The item's index in the map's input.</param>
/// <param name="Silo">The silo's address, such as "S127.0.0.1:41111:155693129".</param>
/// <param name="SiloIndex">The silo's index in the cluster (0 is the primary), or -1 when the address is not one of its silos.</param>
/// <param name="ProcessId">The silo process's id.</param>
/// <param name="StartTicks">The item's start, in <see cref="System.Diagnostics.Stopwatch"/> ticks (the machine's monotonic clock).</param>
/// <param name="EndTicks">The item's end, on the same clock.</param>
public sealed record ClusterItem(int Index, string Silo, int SiloIndex, int ProcessId, long StartTicks, long EndTicks);
