using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Reads the sources of the cells the C# kernel has run, oldest first.</summary>
internal static class KernelCells
{
    /// <summary>Replaces the kernel lookup (tests feed cells run with the Roslyn scripting API).</summary>
    internal static Func<IReadOnlyList<string>?>? Override { get; set; }

    /// <summary>Returns the cells' sources, or null outside a kernel.</summary>
    public static IReadOnlyList<string>? Current()
    {
        if (Override is { } provider)
        {
            return provider();
        }

        try
        {
            return FromKernel();
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or TypeLoadException)
        {
            return null;
        }
    }

    /// <summary>Walks a script chain back to its first submission and returns the codes, oldest first.</summary>
    public static IReadOnlyList<string> FromScript(Script? script)
    {
        var cells = new List<string>();
        for (var s = script; s is not null; s = s.Previous)
        {
            cells.Add(s.Code);
        }

        cells.Reverse();
        return cells;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<string>? FromKernel()
    {
        var context = KernelInvocationContext.Current;
        var root = context?.HandlingKernel?.RootKernel;
        var csharp = root as CSharpKernel ?? (root as CompositeKernel)?.ChildKernels.OfType<CSharpKernel>().FirstOrDefault();
        if (csharp is null)
        {
            return null;
        }

        var cells = csharp.ScriptState?.Script is { } script ? FromScript(script).ToList() : [];

        // The running cell is not in the script chain until it finishes: add its code, so a method declared
        // in the same cell as the pool call is found.
        if (context?.Command is SubmitCode { Code: { } running } && (cells.Count == 0 || cells[^1] != running))
        {
            cells.Add(running);
        }

        return cells;
    }
}
