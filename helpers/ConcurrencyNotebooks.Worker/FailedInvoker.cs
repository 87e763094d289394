using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Stands in for a function that could not be loaded: every call rethrows the load error.</summary>
internal sealed class FailedInvoker(Exception error) : Invoker
{
    /// <inheritdoc/>
    public override int Invoke(ReadOnlySpan<byte> argumentJson, WireWriter results) =>
        throw new InvalidOperationException($"The worker could not load the function: {error.GetType().Name}: {error.Message}", error);
}
