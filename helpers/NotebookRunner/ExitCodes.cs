namespace NotebookRunner;

/// <summary>The runner's process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Every notebook ran and every cell passed.</summary>
    public const int Success = 0;

    /// <summary>At least one cell failed or timed out, or a kernel could not start (or, for <c>install-jupyter-kernel</c>, be installed).</summary>
    public const int NotebookFailed = 1;

    /// <summary>The command line was wrong (unknown option, missing path, bad <c>--env</c>).</summary>
    public const int UsageError = 2;

    /// <summary>The run was cancelled (Ctrl+C or SIGTERM); the running kernel was killed (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
