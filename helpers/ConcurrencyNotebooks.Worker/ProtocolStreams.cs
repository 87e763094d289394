using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Opens the protocol's pipes and moves the process's own stdout out of the way, so that what user code writes to
/// the raw stdout (<c>Console.OpenStandardOutput()</c>, a native <c>printf</c>) can never corrupt a frame.</summary>
/// <remarks>On Linux and macOS the pipe the parent reads (fd 1) is duplicated to a new descriptor for the frames, and fd 1
/// is then pointed at stderr: raw output lands in the worker's stderr, which the parent keeps the tail of. Elsewhere (Windows)
/// frames share stdout: Console.Write is still captured into the Result, but raw stdout bytes break a frame and the pool
/// reports a protocol error naming that worker.</remarks>
internal static class ProtocolStreams
{
    /// <summary>Gets or sets whether fd 1 can be moved with dup/dup2 (Linux, macOS); false forces the shared-stdout fallback.</summary>
    internal static bool CanSeparate { get; set; } = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Returns the stream frames are written to.</summary>
    public static Stream OpenOutput()
    {
        if (!CanSeparate)
        {
            return Console.OpenStandardOutput();
        }

        var frames = Dup(1);
        if (frames < 0 || Dup2(2, 1) < 0)
        {
            throw new IOException($"The worker could not separate its protocol from stdout (errno {Marshal.GetLastSystemError()}).");
        }

        return new FileStream(new SafeFileHandle(frames, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    // No SetLastError: a blittable import without it needs no marshalling stub, which a fresh worker would JIT before its first frame.
    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int fd, int fd2);
}
