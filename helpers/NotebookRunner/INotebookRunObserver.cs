namespace NotebookRunner;

/// <summary>Hears about a notebook run as it happens, e.g. to print progress lines.</summary>
internal interface INotebookRunObserver
{
    /// <summary>Called when the kernel for a notebook is ready.</summary>
    /// <param name="notebookName">The notebook's file name without extension.</param>
    /// <param name="startDuration">The time from process start to <c>KernelReady</c>.</param>
    void KernelStarted(string notebookName, TimeSpan startDuration)
    {
    }

    /// <summary>Called after each code cell ends (passed, failed or timed out).</summary>
    /// <param name="notebookName">The notebook's file name without extension.</param>
    /// <param name="cell">The cell's result.</param>
    /// <param name="cellCount">The number of cells in the notebook, markdown cells counted.</param>
    void CellFinished(string notebookName, CellRunResult cell, int cellCount)
    {
    }
}
