using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Shipping;
using Microsoft.DotNet.Interactive.CSharp;

namespace ConcurrencyNotebooks.Processes;

/// <summary>In a notebook, stops the workers of a pool (or the silos of a cluster) whose variable a later cell rebound
/// (re-running <c>var pool = new ProcessPool(2);</c>), as Python's <c>Pool</c> goes when its name is rebound.</summary>
/// <remarks>The kernel keeps every cell's variables alive, shadowed ones too, so such a pool is never finalized: after each
/// cell this looks at the kernel's variables and disposes every pool that only shadowed variables still hold.</remarks>
internal static class ShadowedPools
{
    private static int _watching;

    /// <summary>Starts watching the kernel's cells, once per process, when a pool is created inside a kernel.</summary>
    public static void Track()
    {
        if (Volatile.Read(ref _watching) != 0)
        {
            return;
        }

        try
        {
            Watch();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or InvalidOperationException)
        {
            // Not in a kernel: nothing shadows variables here.
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Watch()
    {
        if (Interlocked.Exchange(ref _watching, 1) == 0 && !KernelCells.OnCellEnd(SweepUnlessShuttingDown, once: false))
        {
            Volatile.Write(ref _watching, 0);
        }
    }

    private static void SweepUnlessShuttingDown(CSharpKernel kernel)
    {
        try
        {
            Sweep(kernel);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The kernel is shutting down.
        }
    }

    /// <summary>Disposes the pools and clusters that only shadowed variables of the kernel still hold.</summary>
    private static void Sweep(CSharpKernel kernel)
    {
        if (kernel.ScriptState?.Variables is not { } variables)
        {
            return;
        }

        var visible = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var variable in variables.GroupBy(v => v.Name).Select(g => g.Last()))
        {
            if (variable.Value is { } value)
            {
                visible.Add(value);
            }
        }

        foreach (var variable in variables)
        {
            if (variable.Value is ProcessPool or Clusters.Cluster && !visible.Contains(variable.Value))
            {
                _ = ((IAsyncDisposable)variable.Value).DisposeAsync().AsTask();
            }
        }
    }
}
