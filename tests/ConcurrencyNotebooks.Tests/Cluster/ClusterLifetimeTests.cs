using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Cluster;

/// <summary>Disposing a cluster ends every silo process; so does a start that runs out of time.</summary>
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
        Assert.Equal(pids, cluster.ProcessIds);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cluster.MapAsync(PoolFunctions.Square, new[] { 1 }));
    }

    [Fact]
    public async Task StartAsync_PastItsTimeout_ThrowsTimeoutException_NamingTheStep_AndLeavesNoSilo()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Clusters.Cluster.StartAsync(silos: 2, timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("did not start within 0.3 s (stuck ", error.Message, StringComparison.Ordinal);
        Assert.Empty(ChildSilos());
    }

    /// <summary>Lists this process's children that run the silo host.</summary>
    private static List<int> ChildSilos() =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessProbe.IsAlive(pid) && IsChildSilo(pid))
            .ToList();

    private static bool IsChildSilo(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
            return parent == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                   && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Clusters.SiloProcess.SiloFileName, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
