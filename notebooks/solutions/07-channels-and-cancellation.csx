// Model answers for notebook 7's exercises, each followed by the check its exercise cell runs.

async Task<List<int>> PipeThroughSolution(IEnumerable<int> items, int capacity,
    Func<int, Task<int>> work)
{
    var channel = Channel.CreateBounded<int>(capacity);
    var producer = Task.Run(async () =>
    {
        try { foreach (var item in items) await channel.Writer.WriteAsync(item); }
        finally { channel.Writer.Complete(); }
    });
    var results = new List<int>();
    await foreach (var item in channel.Reader.ReadAllAsync())
        results.Add(await work(item));
    await producer;
    return results;
}
await ChannelsChecks.BoundedPipelineAsync(PipeThroughSolution);

async Task<string> FetchWithTimeoutSolution(Func<CancellationToken, Task<string>> fetch,
    TimeSpan timeout, CancellationToken caller)
{
    using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
    linked.CancelAfter(timeout);
    try { return await fetch(linked.Token); }
    catch (OperationCanceledException) when (!caller.IsCancellationRequested)
    {
        throw new TimeoutException($"fetch took longer than {timeout.TotalMilliseconds:F0} ms");
    }
}
await ChannelsChecks.TimeoutAsync(FetchWithTimeoutSolution);
