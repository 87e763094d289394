namespace ConcurrencyNotebooks.Processes;

/// <summary>The pool cannot run anything any more (its initializer failed, or a worker could not start); like Python's
/// <c>BrokenProcessPool</c>. Dispose it and create a new one.</summary>
public sealed class PoolBrokenException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What broke the pool.</param>
    /// <param name="innerException">The error that broke it, or null.</param>
    public PoolBrokenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
