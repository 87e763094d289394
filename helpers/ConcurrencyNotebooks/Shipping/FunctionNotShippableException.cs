namespace ConcurrencyNotebooks.Shipping;

/// <summary>Reports that a function cannot be sent to a worker process, saying why and what to do instead.</summary>
/// <remarks>Typical causes: the function uses a variable of the notebook (pass it as an argument instead),
/// or it uses something only the notebook's process has.</remarks>
public sealed class FunctionNotShippableException : ArgumentException
{
    /// <summary>Creates the exception with a message that explains the cause and the fix.</summary>
    public FunctionNotShippableException(string message)
        : base(message, "function")
    {
    }

    /// <summary>Creates the exception with a message and the names of the variables the function captures.</summary>
    public FunctionNotShippableException(string message, IReadOnlyList<string> capturedVariables)
        : base(message, "function") => CapturedVariables = capturedVariables;

    /// <summary>Gets the names of the variables the function captures (empty when that is not the cause).</summary>
    public IReadOnlyList<string> CapturedVariables { get; } = [];

    /// <summary>Gets the message without the " (Parameter 'function')" suffix that ArgumentException adds.</summary>
    public override string Message => base.Message.Replace(" (Parameter 'function')", string.Empty, StringComparison.Ordinal);
}
