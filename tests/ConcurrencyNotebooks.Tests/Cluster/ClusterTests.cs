using ConcurrencyNotebooks.Clusters;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Cluster;

/// <summary>A two-silo cluster runs shipped functions with results in order, says where each ran, and listens on loopback only.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Clusters.Cluster Cluster => fixture.Cluster;

    [Fact]
    public void Start_StartsOneProcessPerSilo_AndEveryOneIsAlive()
    {
        Assert.Equal(2, Cluster.ProcessIds.Count);
        Assert.Equal(2, Cluster.ProcessIds.Distinct().Count());
        Assert.All(Cluster.ProcessIds, pid => Assert.True(ProcessProbe.IsAlive(pid), $"silo pid {pid} is not alive"));
        Assert.DoesNotContain(Environment.ProcessId, Cluster.ProcessIds);
        Assert.True(Cluster.StartTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task MapAsync_CompiledFunction_ReturnsResultsInOrder_EachFromASiloOfTheCluster()
    {
        var items = Enumerable.Range(1, 12).ToArray();

        var results = await Cluster.MapAsync(PoolFunctions.Square, items);

        Assert.Equal(items.Select(n => n * n), results);
        Assert.Equal(items.Length, results.Items.Count);
        Assert.All(results.Items, item =>
        {
            Assert.Contains(item.ProcessId, Cluster.ProcessIds);
            Assert.Equal(Cluster.ProcessIds[item.SiloIndex], item.ProcessId);
            Assert.StartsWith("S127.0.0.1:", item.Silo, StringComparison.Ordinal);
            Assert.True(item.EndTicks >= item.StartTicks);
        });
        Assert.Equal(items.Select((_, i) => i), results.Items.Select(i => i.Index));
    }

    [Fact]
    public async Task MapAsync_FunctionThrows_ReportsTheItemTheRemoteExceptionAndTheSilo()
    {
        var error = await Assert.ThrowsAsync<RemoteTaskException>(() => Cluster.MapAsync(PoolFunctions.Divide, new[] { 5, 0, 4 }));

        Assert.Equal("System.DivideByZeroException", error.RemoteType);
        Assert.Equal(0, error.Item);
        Assert.Contains(error.ProcessId, Cluster.ProcessIds);
        Assert.Contains("on silo", error.Message, StringComparison.Ordinal);
        Assert.Contains("Divide(0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunFrames_UnknownFunction_AnswersWithALoadErrorNamingIt()
    {
        var load = new LoadMessage
        {
            FunctionId = 1, AssemblyName = typeof(PoolFunctions).Assembly.FullName!, AssemblyPath = typeof(PoolFunctions).Assembly.Location,
            AssemblyBytes = [], TypeName = "ConcurrencyNotebooks.Tests.NoSuchType", MethodName = "NoSuchMethod", MetadataToken = 0,
            ModuleVersionId = Guid.Empty, References = [],
        }.ToFrame();
        var run = new RunMessage(7, 1, RunFlags.None, 1).ToFrame("3"u8);

        var answer = await Cluster.RunFramesAsync(load, run);

        var result = ResultMessage.Read(answer.ResultFrame.AsSpan(5));
        Assert.Equal(0, result.ErrorIndex);
        Assert.Contains("NoSuchType", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(answer.ProcessId, Cluster.ProcessIds);
    }

    [Fact]
    public async Task MapAsync_FunctionPrints_TheOutputComesBackInItemOrder()
    {
        var captured = new StringWriter();
        Cluster.Output = captured;   // not Console.SetOut: tests of other collections run beside this one
        try
        {
            var results = await Cluster.MapAsync(PoolFunctions.Say, new[] { 1, 2, 3, 4 });

            Assert.Equal(new[] { 1, 2, 3, 4 }, results);
        }
        finally
        {
            Cluster.Output = null;
        }

        Assert.Equal("hello 1\nhello 2\nhello 3\nhello 4\n", captured.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Silos_ListenOnLoopbackOnly()
    {
        var sockets = ListeningSockets.OwnedBy(Cluster.ProcessIds);

        // Each silo listens at least on its silo port and its gateway port.
        Assert.True(sockets.Count >= 2 * Cluster.ProcessIds.Count, $"Listening: [{string.Join(", ", sockets)}]");
        Assert.All(Cluster.GatewayPorts, port => Assert.Contains(sockets, s => s.Port == port));
        Assert.All(sockets, s => Assert.True(s.IsLoopback, $"{s} is not on loopback"));
    }
}
