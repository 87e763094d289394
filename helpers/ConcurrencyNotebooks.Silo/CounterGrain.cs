using ConcurrencyNotebooks.Cluster.Grains;

namespace ConcurrencyNotebooks.Silo;

/// <summary>The counter both counter grains share: read, await, write, with no lock.</summary>
internal abstract class CounterGrain : Grain, ICounterGrain
{
    // The bound on IncrementWhenReadByAsync's wait: a safety net for a caller that asks for more readers than will come.
    private static readonly TimeSpan GateBound = TimeSpan.FromSeconds(20);

    private int _count;
    private int _readers;
    private TaskCompletionSource? _gate;

    /// <inheritdoc/>
    public async Task IncrementAsync()
    {
        var count = _count;
        await GrainFactory.GetGrain<ILedgerGrain>(this.GetPrimaryKey()).RecordAsync();
        _count = count + 1;
    }

    /// <inheritdoc/>
    public async Task IncrementWhenReadByAsync(int readers)
    {
        var count = _count;
        var gate = _gate ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (++_readers >= readers)
        {
            _readers = 0;
            _gate = null;
            gate.SetResult();
        }

        await gate.Task.WaitAsync(GateBound);
        _count = count + 1;
    }

    /// <inheritdoc/>
    public Task<int> GetAsync() => Task.FromResult(_count);

    /// <inheritdoc/>
    public Task<int> GetRecordedAsync() => GrainFactory.GetGrain<ILedgerGrain>(this.GetPrimaryKey()).GetAsync();
}
