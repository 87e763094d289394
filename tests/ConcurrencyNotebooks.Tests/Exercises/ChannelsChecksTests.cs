using System.Threading.Channels;
using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

/// <summary>Notebook 7's checks: the stub, sequential, hard-coded and half-right answers throw; the model answers pass.</summary>
public sealed class ChannelsChecksTests
{
    [Fact]
    public async Task BoundedPipeline_Stub_Throws() =>
        await AssertNotYet(ChannelsChecks.BoundedPipelineAsync((items, capacity, work) => Task.FromResult(new List<int>())));

    [Fact]
    public async Task BoundedPipeline_HardCoded_Throws() =>
        await AssertNotYet(ChannelsChecks.BoundedPipelineAsync((items, capacity, work) =>
            Task.FromResult(Enumerable.Range(0, 12).ToList())));

    [Fact]
    public async Task BoundedPipeline_SequentialLoop_Throws() =>
        await AssertNotYet(ChannelsChecks.BoundedPipelineAsync(async (items, capacity, work) =>
        {
            var results = new List<int>();
            foreach (var item in items)
            {
                results.Add(await work(item));
            }

            return results;
        }));

    [Fact]
    public async Task BoundedPipeline_AllProducedFirst_Throws() =>
        await AssertNotYet(ChannelsChecks.BoundedPipelineAsync(async (items, capacity, work) =>
        {
            var all = items.ToList();
            var results = new List<int>();
            foreach (var item in all)
            {
                results.Add(await work(item));
            }

            return results;
        }));

    [Fact]
    public async Task BoundedPipeline_UnboundedChannel_Throws() =>
        await AssertNotYet(ChannelsChecks.BoundedPipelineAsync((items, capacity, work) =>
            PipeThrough(Channel.CreateUnbounded<int>(), items, work)));

    [Fact]
    public async Task BoundedPipeline_ModelAnswer_Passes() =>
        await ChannelsChecks.BoundedPipelineAsync((items, capacity, work) =>
            PipeThrough(Channel.CreateBounded<int>(capacity), items, work));

    [Fact]
    public async Task Timeout_Stub_ThrowsSayingFetchWasNotCalled() =>
        Assert.Contains("without calling fetch",
            await AssertNotYet(ChannelsChecks.TimeoutAsync((fetch, timeout, caller) => Task.FromResult(""))),
            StringComparison.Ordinal);

    [Fact]
    public void DescribeWrongResult_FetchCalled_SaysWhatFetchReturned() =>
        Assert.StartsWith("fetch returned \"abc\"", ChannelsChecks.DescribeWrongResult(1, "abc", ""), StringComparison.Ordinal);

    [Fact]
    public async Task Timeout_HardCoded_Throws() =>
        await AssertNotYet(ChannelsChecks.TimeoutAsync((fetch, timeout, caller) => Task.FromResult("42")));

    [Fact]
    public async Task Timeout_AbandonsFetch_Throws() =>
        await AssertNotYet(ChannelsChecks.TimeoutAsync((fetch, timeout, caller) => fetch(caller).WaitAsync(timeout, caller)));

    [Fact]
    public async Task Timeout_LinkedButNotTranslated_Throws() =>
        await AssertNotYet(ChannelsChecks.TimeoutAsync(async (fetch, timeout, caller) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
            linked.CancelAfter(timeout);
            return await fetch(linked.Token);
        }));

    [Fact]
    public async Task Timeout_TurnsEveryCancelIntoATimeout_Throws() =>
        await AssertNotYet(ChannelsChecks.TimeoutAsync(async (fetch, timeout, caller) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
            linked.CancelAfter(timeout);
            try
            {
                return await fetch(linked.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException();
            }
        }));

    [Fact]
    public async Task Timeout_ModelAnswer_Passes() =>
        await ChannelsChecks.TimeoutAsync(async (fetch, timeout, caller) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
            linked.CancelAfter(timeout);
            try
            {
                return await fetch(linked.Token);
            }
            catch (OperationCanceledException) when (!caller.IsCancellationRequested)
            {
                throw new TimeoutException($"fetch took longer than {timeout}");
            }
        });

    private static async Task<List<int>> PipeThrough(Channel<int> channel, IEnumerable<int> items, Func<int, Task<int>> work)
    {
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in items)
                {
                    await channel.Writer.WriteAsync(item);
                }
            }
            finally
            {
                channel.Writer.Complete();
            }
        });
        var results = new List<int>();
        await foreach (var item in channel.Reader.ReadAllAsync())
        {
            results.Add(await work(item));
        }

        await producer;
        return results;
    }

    private static async Task<string> AssertNotYet(Task check)
    {
        var e = await Assert.ThrowsAsync<ExerciseCheckException>(() => check);
        Assert.StartsWith("Not yet: ", e.Message, StringComparison.Ordinal);
        return e.Message;
    }
}
