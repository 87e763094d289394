using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Gets the cancellation token of the running notebook cell, so a blocking call stops when the user presses Stop.</summary>
internal static class NotebookCancellation
{
    /// <summary>Replaces the kernel lookup (tests stand in for the Stop button with a token of their own).</summary>
    internal static Func<CancellationToken>? Override { get; set; }

    /// <summary>Returns the current cell's token, or none outside a kernel.</summary>
    public static CancellationToken Current()
    {
        if (Override is { } provider)
        {
            return provider();
        }

        try
        {
            return FromKernel();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return CancellationToken.None;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CancellationToken FromKernel() => KernelInvocationContext.Current?.CancellationToken ?? CancellationToken.None;
}
