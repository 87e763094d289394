using ConcurrencyNotebooks.Cluster.Grains;

namespace ConcurrencyNotebooks.Silo;

/// <summary>Counts the increments its counter recorded.</summary>
internal sealed class LedgerGrain : Grain, ILedgerGrain
{
    private int _recorded;

    /// <inheritdoc/>
    public Task RecordAsync()
    {
        _recorded++;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<int> GetAsync() => Task.FromResult(_recorded);
}
