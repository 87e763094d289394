using System.Runtime.InteropServices;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Ends the worker when its parent process dies, even while a task keeps the main thread busy.</summary>
/// <remarks>stdin EOF already ends an idle worker when the parent dies; this thread polls getppid() every 100 ms
/// and calls _exit when the worker has been re-parented, so a busy worker goes too. (.NET 10 has no KillOnParentExit,
/// and PR_SET_PDEATHSIG would fire when the parent's *thread* that started us exits.) Without getppid (Windows) only stdin
/// EOF remains: an idle worker still ends with its parent, a busy one only once its current task is done.</remarks>
internal static partial class ParentWatchdog
{
    /// <summary>Gets or sets whether getppid can be polled (Linux, macOS); false forces the stdin-EOF-only fallback.</summary>
    internal static bool CanPoll { get; set; } = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Starts the polling thread (Linux and macOS only).</summary>
    public static void Start()
    {
        if (!CanPoll)
        {
            return;
        }

        var parent = GetParentProcessId();
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(100);
                if (GetParentProcessId() != parent)
                {
                    Exit(3);
                }
            }
        })
        {
            IsBackground = true,
            Name = "parent watchdog",
        };
        thread.Start();
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);
}
