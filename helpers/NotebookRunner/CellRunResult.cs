using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>What happened to one cell when its notebook ran.</summary>
internal sealed record CellRunResult
{
    /// <summary>Gets the cell's 1-based position in the notebook, markdown cells counted.</summary>
    public required int Number { get; init; }

    /// <summary>Gets the first non-blank line of the cell's source.</summary>
    public required string FirstLine { get; init; }

    /// <summary>Gets the subkernel the cell was sent to (empty for markdown and raw cells).</summary>
    public required string KernelName { get; init; }

    /// <summary>Gets what happened to the cell.</summary>
    public required CellStatus Status { get; init; }

    /// <summary>Gets when the cell was sent, or null when it was not.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>Gets when its result arrived (or the runner gave up), or null when it was not sent.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Gets how long the cell ran; zero when it was not sent.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the error message of a failed or timed-out cell, else null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the nbformat outputs the cell produced.</summary>
    public IReadOnlyList<JsonObject> Outputs { get; init; } = [];

    /// <summary>Gets whether the cell stopped the notebook (it failed or timed out).</summary>
    public bool IsFailure => Status is CellStatus.Failed or CellStatus.TimedOut;
}
