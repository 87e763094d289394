using ConcurrencyNotebooks.Cluster.Grains;

namespace ConcurrencyNotebooks.Silo;

/// <summary>One grain of the A → B → A chain; not reentrant, so only the [AlwaysInterleave] callback gets in while it awaits.</summary>
internal sealed class ChainGrain : Grain, IChainGrain
{
    // The grain's name: its key up to the first '/' (the key's rest keeps each run's grains apart).
    private string Name => this.GetPrimaryKeyString().Split('/')[0];

    /// <inheritdoc/>
    public async Task<string> StartAsync(string partner, bool interleave) =>
        $"{Name} → {await GrainFactory.GetGrain<IChainGrain>(partner).ForwardAsync(this.GetPrimaryKeyString(), interleave)}";

    /// <inheritdoc/>
    public async Task<string> ForwardAsync(string caller, bool interleave)
    {
        var back = GrainFactory.GetGrain<IChainGrain>(caller);
        return $"{Name} → {await (interleave ? back.InterleavedCallbackAsync() : back.CallbackAsync())}";
    }

    /// <inheritdoc/>
    public Task<string> CallbackAsync() => Task.FromResult(Name);

    /// <inheritdoc/>
    public Task<string> InterleavedCallbackAsync() => Task.FromResult(Name);
}
