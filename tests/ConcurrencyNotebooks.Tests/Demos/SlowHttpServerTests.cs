using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class SlowHttpServerTests
{
    [Fact]
    public async Task SlowHttpServer_ConcurrentRequests_AllAnsweredAndSeenTogether()
    {
        using var server = SlowHttpServer.Start(TimeSpan.FromMilliseconds(300));
        using var client = new HttpClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetStringAsync(server.Url($"item/{i}"))));

        Assert.Equal(20, server.RequestsServed);
        Assert.Equal("answer to /item/7", answers[7]);
        // The server awaits its delay, so requests sent together wait together.
        Assert.True(server.MaxConcurrentRequests > 1, $"max concurrent requests was {server.MaxConcurrentRequests}");
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
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
