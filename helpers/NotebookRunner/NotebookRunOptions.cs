namespace NotebookRunner;

/// <summary>Settings for running notebooks.</summary>
internal sealed record NotebookRunOptions
{
    /// <summary>The default time a cell may run before it is cancelled: 300 s.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(300);

    /// <summary>Gets how long one cell may run before the runner sends Cancel.</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>Gets how long a cell has to stop after Cancel before the kernel is killed.</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long the kernel may take to report <c>KernelReady</c>.</summary>
    public TimeSpan KernelStartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets extra environment variables for the kernel (e.g. <c>CONCURRENCY_NOTEBOOKS_TIME_SCALE</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the repository root holding the tool manifest, or null to find it from the notebook's path.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Gets the clock used for timestamps, durations and timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
