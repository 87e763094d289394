using ConcurrencyNotebooks.Cluster.Grains;

namespace ConcurrencyNotebooks.Clusters;

/// <summary>The actor lessons: a counter grain incremented from many calls at once, and a call chain between two grains.</summary>
public sealed partial class Cluster
{
    // The safety net on a call chain: past the chain's own response timeouts (a few seconds), so it never fires first.
    private static readonly TimeSpan ChainBound = TimeSpan.FromSeconds(30);

    /// <summary>Sends <paramref name="increments"/> increments to a new counter grain all at once and returns its final count.</summary>
    /// <param name="increments">How many increments to send.</param>
    /// <param name="reentrant">Whether the counter is the [Reentrant] one, whose increments interleave at their await.</param>
    /// <param name="cancellationToken">Stops waiting; none means the notebook cell's Stop button.</param>
    public async Task<CountResult> CountAsync(int increments = 1000, bool reentrant = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(increments);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        var counter = Counter(reentrant);
        var calls = new Task[increments];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = counter.IncrementAsync();
        }

        await Task.WhenAll(calls).WaitAsync(token).ConfigureAwait(false);
        var count = await counter.GetAsync().WaitAsync(token).ConfigureAwait(false);
        var recorded = await counter.GetRecordedAsync().WaitAsync(token).ConfigureAwait(false);
        return new CountResult(reentrant, increments, recorded, count);
    }

    /// <summary>Has grain A call grain B, which calls A back before either answers, and returns the path or the timeout that ended it.</summary>
    /// <param name="interleave">Whether B calls A's [AlwaysInterleave] callback, which runs while A awaits.</param>
    /// <param name="cancellationToken">Stops waiting; none means the notebook cell's Stop button.</param>
    /// <remarks>Without <paramref name="interleave"/>, A (not reentrant) queues the callback behind its own call, which
    /// waits for B, which waits for the callback: the chain ends when the callback's response timeout (2 s) passes.</remarks>
    public async Task<CallChainResult> CallChainAsync(bool interleave = false, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        var run = Guid.NewGuid().ToString("N");
        var a = Client.GetGrain<IChainGrain>($"A/{run}");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(token);
        bound.CancelAfter(ChainBound);
        try
        {
            // The bound cancels (it does not time out), so every TimeoutException caught here is Orleans' own.
            var path = await a.StartAsync($"B/{run}", interleave).WaitAsync(bound.Token).ConfigureAwait(false);
            return new CallChainResult(interleave, path, null);
        }
        catch (TimeoutException e)
        {
            return new CallChainResult(interleave, null, e);
        }
    }

    /// <summary>Returns a new counter grain, reentrant or turn-based (the tests call its gated increment).</summary>
    internal ICounterGrain Counter(bool reentrant)
    {
        var id = Guid.NewGuid();
        return reentrant ? Client.GetGrain<IReentrantCounterGrain>(id) : Client.GetGrain<ITurnBasedCounterGrain>(id);
    }
}
