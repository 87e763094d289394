using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Cluster;

/// <summary>Disposing a cluster ends every silo process.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ClusterLifetimeTests
{
    [Fact]
    public async Task DisposeAsync_EverySiloProcessExits()
    {
        var cluster = await Clusters.Cluster.StartAsync(silos: 2, timeout: TimeSpan.FromSeconds(90));
        var pids = cluster.ProcessIds.ToArray();
        Assert.All(pids, pid => Assert.True(ProcessProbe.IsAlive(pid)));

        await cluster.DisposeAsync();

        // DisposeAsync waits for the exits itself: nothing is left to wait for.
        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid), $"silo pid {pid} is still alive after DisposeAsync"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cluster.MapAsync(PoolFunctions.Square, new[] { 1 }));
    }
}
