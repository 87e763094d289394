using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

[Collection(ProcessTestCollection.Name)]
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task Start_StaticAction_ExitsZeroWithOutput()
    {
        using var p = WorkerProcess.Start(PoolFunctions.Hello);
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal($"hello from {p.Id}\n", p.Output);
        Assert.False(ProcessProbe.IsAlive(p.Id));
    }

    [Fact]
    public void Start_ActionThatThrows_ExitsOneWithTheError()
    {
        using var p = WorkerProcess.Start(PoolFunctions.Fail);
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("target failed", p.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LambdaWithArgument_RunsIt()
    {
        using var p = WorkerProcess.Start(name => Console.Write($"hi {name}"), "Ada");
        await p.WaitForExitAsync();
        Assert.Equal("hi Ada", p.Output);
    }
}
