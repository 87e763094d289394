namespace ConcurrencyNotebooks.Timelines;

/// <summary>Describes one row of a timeline drawing: one thread of one process.</summary>
/// <param name="Index">The row's position, top first.</param>
/// <param name="Name">The row's name: "main", "pool #2", "thread downloader", "worker 2 (pid 4242)".</param>
/// <param name="ProcessId">The process the thread belongs to.</param>
/// <param name="OsThreadId">The thread's operating-system id.</param>
/// <param name="ManagedThreadId">The thread's managed id.</param>
/// <param name="IsThreadPoolThread">Whether the thread belongs to the thread pool.</param>
internal sealed record TimelineLane(int Index, string Name, int ProcessId, int OsThreadId, int ManagedThreadId, bool IsThreadPoolThread);
