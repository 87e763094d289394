using System.Globalization;
using Spectre.Console;

namespace NotebookRunner;

/// <summary>Prints one plain line per event (<c>01-introduction [3/12] 0.8s ok</c>), readable in a terminal and in CI logs alike.</summary>
/// <param name="console">Where to write.</param>
internal sealed class ConsoleRunObserver(IAnsiConsole console) : INotebookRunObserver
{
    /// <inheritdoc/>
    public void KernelStarted(string notebookName, TimeSpan startDuration) =>
        console.MarkupLine($"{Markup.Escape(notebookName)} [grey]kernel ready in {FormatSeconds(startDuration)}[/]");

    /// <inheritdoc/>
    public void CellFinished(string notebookName, CellRunResult cell, int cellCount)
    {
        var status = cell.Status switch
        {
            CellStatus.Passed => "[green]ok[/]",
            CellStatus.FailedAsExpected => "[green]threw, as expected[/]",
            CellStatus.TimedOut => "[red]TIMED OUT[/]",
            _ => "[red]FAILED[/]",
        };
        console.MarkupLine($"{Markup.Escape(notebookName)} [[{cell.Number}/{cellCount}]] {FormatSeconds(cell.Duration)} {status}");
    }

    /// <summary>Formats a duration as <c>0.8s</c> or <c>12s</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    internal static string FormatSeconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString(duration.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "s";
}
