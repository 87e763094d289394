using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Reads the capacity of a pipe from the operating system (Linux), so a write can be proven not to block.</summary>
/// <remarks>Elsewhere the capacity is unknown (0) and every frame goes through the worker's writer thread: same results,
/// one thread hand-off more per chunk.</remarks>
internal static class PipeCapacity
{
    private const int GetPipeSize = 1032;   // F_GETPIPE_SZ

    /// <summary>Gets or sets whether the system reports pipe capacities (Linux); false forces the "unknown" fallback (for tests).</summary>
    internal static bool IsReported { get; set; } = OperatingSystem.IsLinux();

    /// <summary>Returns the capacity in bytes of the pipe under <paramref name="stream"/>, or 0 when it cannot be known.</summary>
    public static int Of(Stream stream)
    {
        if (!IsReported || !OperatingSystem.IsLinux() || stream is not PipeStream { SafePipeHandle: { IsInvalid: false } handle })
        {
            return 0;
        }

        try
        {
            return Math.Max(0, Fcntl((int)handle.DangerousGetHandle(), GetPipeSize));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command);
}
