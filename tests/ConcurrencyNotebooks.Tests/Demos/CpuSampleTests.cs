using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class CpuSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cpu-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TryTake_ProcFiles_ReadsMachineAndProcessTicks()
    {
        var cores = string.Concat(Enumerable.Range(0, Environment.ProcessorCount).Select(i => $"cpu{i} 1 0 0 0 0 0 0 0 0 0\n"));
        var machine = Write("stat", $"cpu  100 5 20 300 7 0 3 0 0 0\n{cores}intr 1 2\n");
        var process = Write("self", "4242 (dotnet (a b)) S 1 2 3 0 -1 4194304 10 0 0 0 31 9 0 0 20 0 12 0 1 2 3\n");

        var sample = CpuSample.TryTake(machine, process);

        Assert.Equal(new CpuSample(Total: 435, Idle: 307, Process: 40, Cores: Environment.ProcessorCount), sample);
    }

    [Fact]
    public void TryTake_NoProc_ReturnsNull() =>
        Assert.Null(CpuSample.TryTake(Path.Combine(_dir, "absent-stat"), Path.Combine(_dir, "absent-self")));

    [Fact]
    public void TryTake_MoreCoresThanDotnetMayUse_ReturnsNull()
    {
        var cores = string.Concat(Enumerable.Range(0, Environment.ProcessorCount + 1).Select(i => $"cpu{i} 1 0 0 0 0 0 0 0\n"));
        var machine = Write("stat", $"cpu  1 0 0 1 0 0 0 0\n{cores}");
        var process = Write("self", "1 (x) S 1 2 3 0 -1 0 0 0 0 0 1 1 0\n");

        Assert.Null(CpuSample.TryTake(machine, process));
    }

    [SkippableFact]
    public void TryTake_ThisMachine_ReportsWhereThereIsProc()
    {
        Skip.IfNot(File.Exists("/proc/stat"), "no /proc here");
        Assert.NotNull(CpuSample.TryTake());
    }

    [Fact]
    public void Between_HalfTheMachineIdle_SplitsTheBusyCoresBetweenUsAndOthers()
    {
        var before = new CpuSample(Total: 1000, Idle: 400, Process: 100, Cores: 2);
        var after = new CpuSample(Total: 1200, Idle: 500, Process: 160, Cores: 2);

        var share = CpuShare.Between(before, after)!.Value;

        // 200 ticks over 2 cores: 100 idle, 60 ours, 40 others' → 0.6 and 0.4 cores.
        Assert.Equal(0.6, share.Ours, precision: 6);
        Assert.Equal(0.4, share.Others, precision: 6);
        Assert.Equal(1.6, share.Free, precision: 6);
    }

    [Fact]
    public void From_FewerThanTenTicksPerCore_ReturnsNull() =>
        Assert.Null(CpuShare.From(elapsed: 19, idle: 0, ours: 19, cores: 2));

    [Fact]
    public void Between_NoTicksPassed_ReturnsNull() =>
        Assert.Null(CpuShare.Between(new CpuSample(5, 1, 1, 2), new CpuSample(5, 1, 1, 2)));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
