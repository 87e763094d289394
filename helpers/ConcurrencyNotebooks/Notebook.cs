using ConcurrencyNotebooks.Charts;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace ConcurrencyNotebooks;

/// <summary>Prepares a notebook kernel for the Concurrency Notebooks: offline charts and formatters.</summary>
/// <example><code>
/// #r "../helpers/lib/ConcurrencyNotebooks.dll"
/// using ConcurrencyNotebooks;
/// Notebook.Setup();
/// </code></example>
public static class Notebook
{
    /// <summary>Registers the chart formatter and puts plotly.js on the page once, so charts draw with no network.</summary>
    /// <remarks>Timelines and comparisons need no registration: their types name their formatters
    /// (<see cref="TypeFormatterSourceAttribute"/>), which the kernel finds even when a registration made in the
    /// <c>#r</c> cell is dropped. Safe to call again (a re-run setup cell re-sends plotly.js, which a reloaded page needs).
    /// Outside a notebook kernel it only registers the formatters.</remarks>
    public static void Setup()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.Render(chart)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType);

        if (KernelInvocationContext.Current is { } context)
        {
            if (context.HandlingKernel is Microsoft.DotNet.Interactive.CSharp.CSharpKernel csharp)
            {
                var dir = Path.GetDirectoryName(typeof(Notebook).Assembly.Location)!;
                csharp.AddAssemblyReferences(new[] { "Plotly.NET.dll", "Plotly.NET.CSharp.dll", "DynamicObj.dll", "FSharp.Core.dll" }.Select(f => Path.Combine(dir, f)));
            }
            context.Display(new PlotlyScriptElement(), HtmlFormatter.MimeType);

            // The compiler's first compile of a shipped function, in the background while the learner reads on, so the
            // first pool call of the session does not wait for it; after this cell, so it binds this library's namespaces.
            Shipping.FunctionShipper.WarmUpAfterThisCell();
        }

        Console.WriteLine(Describe());
    }

    /// <summary>Describes the machine and the demo settings in one line, as the setup cell prints it.</summary>
    /// <returns>Cores, runtime, GC mode and the time scale.</returns>
    public static string Describe() =>
        $"Concurrency Notebooks ready: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, pid {Environment.ProcessId}, " +
        $"time scale {Demos.Demo.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
        $"(Demo.Seconds(2) = {Demos.Demo.Seconds(2).TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s).";

    /// <summary>Gets the token the kernel cancels when the user presses Stop (Ctrl+C in an exported app);
    /// <see cref="CancellationToken.None"/> outside a cell.</summary>
    /// <remarks>Read it on the cell's thread and pass it to long work: Stop is cooperative only, and a loop that
    /// never looks at it keeps running and blocks every later cell. The process pool uses it for calls given no token.</remarks>
    public static CancellationToken StopToken
    {
        get
        {
            if (StopTokenOverride is { } provider)
            {
                return provider();
            }

            try
            {
                return KernelStopToken() ?? AppStopToken;
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
            {
                return AppStopToken; // a host without .NET Interactive's assembly
            }
        }
    }

    /// <summary>Replaces the host's Stop button (tests press it with a token of their own).</summary>
    internal static Func<CancellationToken>? StopTokenOverride { get; set; }

    private static CancellationToken AppStopToken => Apps.NotebookApp.IsRunning ? Apps.NotebookApp.StopToken : CancellationToken.None;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static CancellationToken? KernelStopToken() => KernelInvocationContext.Current?.CancellationToken;

    private sealed class PlotlyScriptElement
    {
        static PlotlyScriptElement() =>
            Formatter.Register<PlotlyScriptElement>((_, writer) => writer.Write(PlotlyScript.ScriptElement()), HtmlFormatter.MimeType);
    }
}
