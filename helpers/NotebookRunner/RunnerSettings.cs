namespace NotebookRunner;

/// <summary>The parsed command line of the runner.</summary>
internal sealed record RunnerSettings
{
    /// <summary>Gets the notebook files and folders to run.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Gets the artifacts folder, or null for <c>artifacts/</c> under the repository root.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Gets the per-cell timeout.</summary>
    public TimeSpan CellTimeout { get; init; } = NotebookRunOptions.DefaultCellTimeout;

    /// <summary>Gets extra environment variables for every kernel.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
