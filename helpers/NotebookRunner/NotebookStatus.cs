namespace NotebookRunner;

/// <summary>The outcome of running one notebook.</summary>
internal enum NotebookStatus
{
    /// <summary>Every code cell passed.</summary>
    Passed,

    /// <summary>A cell failed, or the kernel could not start or died.</summary>
    Failed,

    /// <summary>A cell did not finish within the cell timeout.</summary>
    TimedOut,
}
