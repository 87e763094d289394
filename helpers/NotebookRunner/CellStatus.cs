namespace NotebookRunner;

/// <summary>What happened to one cell of a run.</summary>
internal enum CellStatus
{
    /// <summary>A markdown or raw cell: nothing to execute.</summary>
    NotCode,

    /// <summary>The code cell ran and the kernel reported success.</summary>
    Passed,

    /// <summary>The kernel reported the cell failed (an exception or a compile error).</summary>
    Failed,

    /// <summary>The cell is tagged <c>raises-exception</c> (an exercise check before its answer) and threw, as it must.</summary>
    FailedAsExpected,

    /// <summary>The cell did not finish within the cell timeout.</summary>
    TimedOut,

    /// <summary>An earlier cell failed or timed out, so this code cell was not sent (the runner stops at the first failure, like nbconvert).</summary>
    NotRun,
}
