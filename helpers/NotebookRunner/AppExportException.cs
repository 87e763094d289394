namespace NotebookRunner;

/// <summary>A notebook cell the app exporter cannot translate; the message names the cell and says why.</summary>
internal sealed class AppExportException : Exception
{
    /// <summary>Initializes an exception about <paramref name="cell"/>.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="reason">Why it cannot be exported.</param>
    public AppExportException(NotebookCell cell, string reason)
        : base($"cell {cell?.Number} ({cell?.FirstLine}) cannot be exported as an app: {reason}")
    {
        CellNumber = cell?.Number ?? 0;
    }

    /// <summary>Gets the number of the cell (1-based, markdown counted).</summary>
    public int CellNumber { get; }
}
