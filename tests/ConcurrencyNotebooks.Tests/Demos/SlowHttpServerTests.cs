using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class SlowHttpServerTests
{
    /// <summary>Only ends a test that would otherwise hang; no assertion depends on it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SlowHttpServer_RequestsHeldTogether_AllAnsweredAndSeenTogether()
    {
        const int requests = 20;
        using var hang = new CancellationTokenSource(HangGuard);
        var arrivals = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each request waits in the server until all of them are in it: they are provably in flight at once,
        // and a server that handled them one at a time would never answer the first.
        using var server = SlowHttpServer.Start(TimeSpan.Zero, arrived: stopping =>
        {
            if (Interlocked.Increment(ref arrivals) == requests)
            {
                allArrived.SetResult();
            }

            return allArrived.Task.WaitAsync(stopping);
        }, answerSent: null);
        using var client = new HttpClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => client.GetStringAsync(server.Url($"item/{i}"), hang.Token)));

        Assert.Equal(requests, server.RequestsServed);
        Assert.Equal(requests, server.MaxConcurrentRequests);
        Assert.Equal(0, server.RequestsInFlight);
        Assert.Equal("answer to /item/7", answers[7]);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
    }

    [Fact]
    public async Task WatchPeak_AfterFiveRequestsAtOnce_SeesOnlyTheRequestsHeldTogetherWhileItWatches()
    {
        using var hang = new CancellationTokenSource(HangGuard);
        var arrivals = 0;
        var target = 5;
        var together = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first batch holds 5 requests in the server together; the second batch, watched, holds 2.
        using var server = SlowHttpServer.Start(TimeSpan.Zero, arrived: stopping =>
        {
            if (Interlocked.Increment(ref arrivals) == Volatile.Read(ref target))
            {
                together.TrySetResult();
            }

            return together.Task.WaitAsync(stopping);
        }, answerSent: null);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => IoWork.GetAsync(server.Url($"a/{i}"), hang.Token)));
        Volatile.Write(ref arrivals, 0);
        Volatile.Write(ref target, 2);
        together = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var peak = server.WatchPeak();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => IoWork.GetAsync(server.Url($"b/{i}"), hang.Token)));

        Assert.Equal(2, peak.MaxConcurrentRequests);
        Assert.Equal(5, server.MaxConcurrentRequests);
        Assert.Equal("answer to /b/1", answers[1]);
    }

    [Fact]
    public void IoWorkGet_UrlOfTheServer_BlocksUntilTheAnswer()
    {
        using var server = SlowHttpServer.Start(TimeSpan.Zero);

        Assert.Equal("answer to /page/3", IoWork.Get(server.Url("page/3")));
        Assert.Equal(1, server.RequestsServed);
    }

    [Fact]
    public async Task Counters_ClientHasTheAnswerWhileTheServerIsStillSending_AlreadyCountIt()
    {
        using var hang = new CancellationTokenSource(HangGuard);
        var finishSending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The server is held right after its bytes are out, before it closes the response: the moment the client reads.
        using var server = SlowHttpServer.Start(TimeSpan.Zero, arrived: null, answerSent: () => finishSending.Task.WaitAsync(hang.Token));
        using var client = new HttpClient();

        var answer = await client.GetStringAsync(server.Url("item/1"), hang.Token);

        Assert.Equal("answer to /item/1", answer);
        Assert.Equal(1, server.RequestsServed);
        Assert.Equal(0, server.RequestsInFlight);
        Assert.Equal(1, server.MaxConcurrentRequests);
        finishSending.SetResult();
    }

    [Fact]
    public async Task RequestsServed_ReadRightAfterEachAnswer_CountsEveryAnswer()
    {
        using var hang = new CancellationTokenSource(HangGuard);
        using var server = SlowHttpServer.Start(TimeSpan.Zero);
        using var client = new HttpClient();
        for (var i = 1; i <= 200; i++)
        {
            await client.GetStringAsync(server.Url($"item/{i}"), hang.Token);
            Assert.Equal(i, server.RequestsServed);
            Assert.Equal(0, server.RequestsInFlight);
        }
    }

    [Fact]
    public async Task MaxConcurrentRequests_ClientAllowsThreeAtOnce_NeverSeesMore()
    {
        // Notebook 05's exercise: 12 pages through a SemaphoreSlim of 3. A request the client is done with
        // must have left the server's count already, or the next one makes it 4.
        using var hang = new CancellationTokenSource(HangGuard);
        using var server = SlowHttpServer.Start(TimeSpan.Zero);
        using var client = new HttpClient();
        using var three = new SemaphoreSlim(3);
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            {
                await three.WaitAsync(hang.Token);
                try
                {
                    await client.GetStringAsync(server.Url($"item/{i}"), hang.Token);
                }
                finally
                {
                    three.Release();
                }
            }));
        }

        Assert.Equal(20 * 12, server.RequestsServed);
        Assert.InRange(server.MaxConcurrentRequests, 1, 3);
    }

    [Fact]
    public async Task Dispose_WhileARequestWaits_RefusesItUncounted()
    {
        using var hang = new CancellationTokenSource(HangGuard);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = SlowHttpServer.Start(TimeSpan.Zero, arrived: stopping =>
        {
            arrived.SetResult();
            return Task.Delay(Timeout.Infinite, stopping);
        }, answerSent: null);
        using var client = new HttpClient();
        var answer = client.GetStringAsync(server.Url("item/1"), hang.Token);
        await arrived.Task.WaitAsync(hang.Token);

        server.Dispose();

        await Assert.ThrowsAsync<HttpRequestException>(() => answer);
        Assert.Equal(0, server.RequestsServed);
        Assert.Equal(0, server.RequestsInFlight);
        Assert.Equal(1, server.MaxConcurrentRequests);
    }

    [Fact]
    public void SlowHttpServer_Disposed_RefusesConnections()
    {
        var server = SlowHttpServer.Start(TimeSpan.Zero);
        var url = server.Url("x");
        server.Dispose();
        server.Dispose();
        using var client = new HttpClient();
        Assert.ThrowsAny<HttpRequestException>(() => client.GetStringAsync(url).GetAwaiter().GetResult());
    }
}
