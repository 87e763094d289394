using System.Text;

namespace NotebookRunner;

/// <summary>What happened when one notebook ran: its status, every cell's result and the executed copy.</summary>
internal sealed record NotebookRunResult
{
    /// <summary>Gets the full path of the source notebook (never modified).</summary>
    public required string NotebookPath { get; init; }

    /// <summary>Gets the notebook's file name without extension, used for artifact names.</summary>
    public string Name => Path.GetFileNameWithoutExtension(NotebookPath);

    /// <summary>Gets the overall outcome.</summary>
    public required NotebookStatus Status { get; init; }

    /// <summary>Gets one result per cell of the notebook, in order, markdown cells included.</summary>
    public required IReadOnlyList<CellRunResult> Cells { get; init; }

    /// <summary>Gets the executed notebook: the source's cells and metadata with outputs, counts and timings filled in.</summary>
    public required NotebookDocument ExecutedNotebook { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>Gets how long the whole run took, kernel start included.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Gets how long the kernel took from process start to its <c>KernelReady</c> event, or null when it never became ready.</summary>
    public TimeSpan? KernelStartDuration { get; init; }

    /// <summary>Gets a failure that belongs to no cell (the kernel did not start), else null.</summary>
    public string? KernelErrorMessage { get; init; }

    /// <summary>Gets the cell that failed or timed out, or null.</summary>
    public CellRunResult? FailedCell => Cells.FirstOrDefault(cell => cell.IsFailure);

    /// <summary>Gets the number of code cells.</summary>
    public int CodeCellCount => Cells.Count(cell => cell.Status != CellStatus.NotCode);

    /// <summary>Gets a short result for tables: <c>passed</c>, <c>failed at cell 3</c>, <c>timed out at cell 3</c> (1-based, markdown cells counted).</summary>
    public string Summary => (Status, FailedCell) switch
    {
        (NotebookStatus.Passed, _) => "passed",
        (NotebookStatus.TimedOut, { } cell) => $"timed out at cell {cell.Number}",
        (_, { } cell) => $"failed at cell {cell.Number}",
        _ => "failed: kernel did not start",
    };

    /// <summary>Describes the failure for a person: the notebook path, the 1-based cell number, the cell's first line and the error.</summary>
    /// <returns>The description, or an empty string when the notebook passed.</returns>
    public string DescribeFailure()
    {
        if (Status == NotebookStatus.Passed)
        {
            return "";
        }

        var text = new StringBuilder();
        if (FailedCell is { } cell)
        {
            var what = cell.Status == CellStatus.TimedOut ? "timed out" : "failed";
            text.Append(NotebookPath).Append(": cell ").Append(cell.Number).Append(" (1-based, markdown cells counted) ").AppendLine(what);
            text.Append("  first line: ").AppendLine(cell.FirstLine);
            text.Append("  error: ").Append(Indent(cell.ErrorMessage ?? "(no message)")).AppendLine();
        }
        else
        {
            text.Append(NotebookPath).AppendLine(": the kernel did not start");
            text.Append("  error: ").Append(Indent(KernelErrorMessage ?? "(no message)")).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Drops stack-frame lines (the kernel's frames say nothing about the notebook) and indents the rest.</summary>
    private static string Indent(string message)
    {
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n')
            .Where(line => !line.TrimStart().StartsWith("at ", StringComparison.Ordinal)
                && !line.StartsWith("--- End of", StringComparison.Ordinal));
        return string.Join("\n         ", lines);
    }
}
