namespace ConcurrencyNotebooks.Clusters;

/// <summary>How a call chain A → B → A ended: the path it took, or the timeout that ended it.</summary>
/// <param name="Interleaved">Whether the callback was the [AlwaysInterleave] one.</param>
/// <param name="Path">The path the calls took, such as "A → B → A", or null when the chain timed out.</param>
/// <param name="Timeout">Orleans' exception for the call that did not answer in time, or null when the chain finished.</param>
public sealed record CallChainResult(bool Interleaved, string? Path, TimeoutException? Timeout)
{
    /// <summary>Gets whether every call in the chain answered.</summary>
    public bool Finished => Timeout is null;

    /// <inheritdoc/>
    public override string ToString() => Finished
        ? $"finished: {Path}"
        : $"deadlocked, ended by a {Timeout!.GetType().Name}: {Timeout.Message}";
}
