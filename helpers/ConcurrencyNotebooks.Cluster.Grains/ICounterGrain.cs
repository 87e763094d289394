namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>A counter whose update reads the value, awaits a call to its ledger grain, then writes the value read plus one.</summary>
/// <remarks>Get one through <see cref="ITurnBasedCounterGrain"/> or <see cref="IReentrantCounterGrain"/>: the two grain
/// classes differ only in whether the activation lets a second message in while the first one awaits.</remarks>
public interface ICounterGrain : IGrainWithGuidKey
{
    /// <summary>Reads the count, awaits the ledger's record of the increment, then writes the count read plus one.</summary>
    Task IncrementAsync();

    /// <summary>Reads the count, waits until <paramref name="readers"/> calls have read it, then writes the count read plus one.</summary>
    /// <param name="readers">How many calls must have read the count before any of them writes.</param>
    /// <remarks>A gate, not a delay: on a reentrant grain all the calls read the same value, so the count ends one higher
    /// whatever the timing. On a turn-based grain the second call never gets in, and the call fails once the grain's
    /// safety bound passes.</remarks>
    Task IncrementWhenReadByAsync(int readers);

    /// <summary>Returns the count.</summary>
    Task<int> GetAsync();

    /// <summary>Returns how many increments the ledger recorded.</summary>
    Task<int> GetRecordedAsync();
}
