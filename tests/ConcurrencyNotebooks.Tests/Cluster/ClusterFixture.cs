using ConcurrencyNotebooks.Clusters;

namespace ConcurrencyNotebooks.Tests.Cluster;

/// <summary>One two-silo cluster shared by the tests of a class: a start costs seconds.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private Clusters.Cluster? _cluster;

    /// <summary>Gets the started cluster.</summary>
    public Clusters.Cluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync() => _cluster = await Clusters.Cluster.StartAsync(silos: 2, timeout: TimeSpan.FromSeconds(90));

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
