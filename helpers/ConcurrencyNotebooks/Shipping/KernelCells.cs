using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Reads the cells the C# kernel has run, oldest first, then the running cell.</summary>
internal static class KernelCells
{
    /// <summary>Replaces the kernel lookup (tests feed cells run with the Roslyn scripting API).</summary>
    internal static Func<IReadOnlyList<KernelCell>?>? Override { get; set; }

    /// <summary>Returns the cells, oldest first, or null outside a kernel.</summary>
    public static IReadOnlyList<KernelCell>? Current()
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

    /// <summary>Walks a script chain back to its first submission, oldest first, then adds the running cell's code (if any).</summary>
    /// <param name="script">The last script that ran, or null.</param>
    /// <param name="running">The code of the cell running now (not in the chain until it finishes), or null.</param>
    public static IReadOnlyList<KernelCell> FromScript(Script? script, string? running = null)
    {
        var cells = new List<KernelCell>();
        for (var s = script; s is not null; s = s.Previous)
        {
            cells.Add(new KernelCell(s.Code, s.GetCompilation()));
        }

        cells.Reverse();

        // Added even when it equals the last cell's code: running a cell twice is common, and each run is a new submission.
        if (running is not null)
        {
            cells.Add(new KernelCell(running, null));
        }

        return cells;
    }

    /// <summary>Removes the lines the kernel handles itself (magic commands, NuGet references), as the kernel does before compiling.</summary>
    public static string WithoutKernelDirectives(string code)
    {
        var lines = code.Split('\n');
        var kept = lines.Where(line =>
        {
            var t = line.TrimStart();
            return !t.StartsWith("#!", StringComparison.Ordinal) && !t.StartsWith("#i ", StringComparison.Ordinal)
                   && !t.StartsWith("#r \"nuget:", StringComparison.OrdinalIgnoreCase);
        });
        return string.Join('\n', kept);
    }

    /// <summary>Calls <paramref name="then"/> once, with the cells, when the next cell the kernel runs has finished (in a
    /// kernel's cell: the running one); does nothing outside a kernel.</summary>
    /// <param name="then">What to do with the cells, on the kernel's thread that reports the cell's end.</param>
    public static void AfterThisCell(Action<IReadOnlyList<KernelCell>> then) =>
        OnCellEnd(csharp => then(FromScript(csharp.ScriptState?.Script)), once: true);

    /// <summary>Calls <paramref name="onEnd"/> with the C# kernel each time a submitted cell ends (succeeded or failed),
    /// or only the next time with <paramref name="once"/>.</summary>
    /// <param name="onEnd">What to do, on the kernel's thread that reports the cell's end.</param>
    /// <param name="once">Whether to stop listening after the first cell's end.</param>
    /// <returns>False outside a kernel, where nothing is watched.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool OnCellEnd(Action<CSharpKernel> onEnd, bool once)
    {
        var root = KernelInvocationContext.Current?.HandlingKernel?.RootKernel;
        if (CSharpKernelOf(root) is not { } csharp)
        {
            return false;
        }

        var observer = new CellEndObserver(() => onEnd(csharp), once);
        observer.Subscription = root!.KernelEvents.Subscribe(observer);
        return true;
    }

    private static CSharpKernel? CSharpKernelOf(Kernel? root) =>
        root as CSharpKernel ?? (root as CompositeKernel)?.ChildKernels.OfType<CSharpKernel>().FirstOrDefault();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<KernelCell>? FromKernel()
    {
        var context = KernelInvocationContext.Current;
        var csharp = CSharpKernelOf(context?.HandlingKernel?.RootKernel);
        if (csharp is null)
        {
            return null;
        }

        // The running cell is not in the script chain until it finishes: add its code, so a function declared
        // in the same cell as the pool call is found.
        var running = context?.Command is SubmitCode { Code: { } code } ? WithoutKernelDirectives(code) : null;
        return FromScript(csharp.ScriptState?.Script, running);
    }

    /// <summary>Runs an action when a submitted cell ends (succeeded or failed); with once, only the first time.</summary>
    private sealed class CellEndObserver(Action onEnd, bool once) : IObserver<KernelEvent>
    {
        private int _done;

        public IDisposable? Subscription { get; set; }

        public void OnNext(KernelEvent value)
        {
            if (value is not (CommandSucceeded or CommandFailed) || value.Command is not SubmitCode)
            {
                return;
            }

            if (once)
            {
                if (Interlocked.Exchange(ref _done, 1) != 0)
                {
                    return;
                }

                Subscription?.Dispose();
            }

            onEnd();
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
