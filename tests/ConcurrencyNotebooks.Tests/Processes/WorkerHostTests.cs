using System.Diagnostics;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>The worker host spoken to directly, frame by frame.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class WorkerHostTests
{
    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "rebuilt")]
    public void Load_ByTokenAndBuildId_RunsThatBuildsMethodOrRefusesAnother(bool sameBuild, string expectedError)
    {
        var load = SquareLoad(sameBuild ? typeof(PoolFunctions).Module.ModuleVersionId : Guid.NewGuid());
        using var worker = Process.Start(WorkerLauncher.StartInfo())!;
        worker.StandardInput.BaseStream.Write(load.ToFrame());
        worker.StandardInput.BaseStream.Write(SquareRun(7));
        worker.StandardInput.Close();
        var result = ReadyThenResult(worker);
        worker.WaitForExit();

        Assert.Equal(5, result.TaskId);
        if (sameBuild)
        {
            Assert.Equal(-1, result.ErrorIndex);
            Assert.Equal("49", System.Text.Encoding.UTF8.GetString(result.Results.Single().Span));
        }
        else
        {
            Assert.Equal(0, result.ErrorIndex);
            Assert.Contains(expectedError, result.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HeldWorker_StartsOnlyAfterTheReleaseLine_ThenServesTheFramesBehindIt()
    {
        Assert.True(WorkerLauncher.CanHold, "no /bin/sh to hold a worker in");
        using var worker = Process.Start(WorkerLauncher.HeldStartInfo())!;
        var pid = worker.Id;
        Assert.Equal("sh", ProcessName(pid));   // waiting in the shell: no runtime has started

        var input = worker.StandardInput.BaseStream;
        input.Write(WorkerLauncher.ReleaseLine);
        input.Write(SquareLoad(typeof(PoolFunctions).Module.ModuleVersionId).ToFrame());
        input.Write(SquareRun(6));
        worker.StandardInput.Close();
        Assert.Equal("36", System.Text.Encoding.UTF8.GetString(ReadyThenResult(worker).Results.Single().Span));
        worker.WaitForExit();
        Assert.Equal(pid, worker.Id);
        Assert.Equal(0, worker.ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("stop\n")]
    public void HeldWorker_StdinClosedOrAnotherLine_ExitsWithoutStarting(string line)
    {
        Assert.True(WorkerLauncher.CanHold, "no /bin/sh to hold a worker in");
        using var worker = Process.Start(WorkerLauncher.HeldStartInfo())!;
        worker.StandardInput.Write(line);
        worker.StandardInput.Close();
        var output = worker.StandardOutput.BaseStream;
        Assert.Equal(-1, output.ReadByte());   // no Ready frame: the runtime never started
        worker.WaitForExit();
        Assert.NotEqual(0, worker.ExitCode);
    }

    /// <summary>Reads the worker's first two frames, which must be its Ready frame and then a Result.</summary>
    private static ResultMessage ReadyThenResult(Process worker)
    {
        var frames = new FrameReader(worker.StandardOutput.BaseStream);
        Assert.True(frames.TryReadFrame(out var first, out _));
        Assert.Equal(FrameKind.Ready, first);
        Assert.True(frames.TryReadFrame(out var kind, out var payload));
        Assert.Equal(FrameKind.Result, kind);
        return ResultMessage.Read(payload);
    }

    private static LoadMessage SquareLoad(Guid moduleVersionId)
    {
        var method = typeof(PoolFunctions).GetMethod(nameof(PoolFunctions.Square))!;
        return new LoadMessage
        {
            FunctionId = 1, AssemblyName = method.Module.Assembly.FullName!, AssemblyPath = method.Module.Assembly.Location, AssemblyBytes = [],
            TypeName = method.DeclaringType!.FullName!, MethodName = method.Name, MetadataToken = method.MetadataToken,
            ModuleVersionId = moduleVersionId, References = [],
        };
    }

    private static byte[] SquareRun(int argument) =>
        new RunMessage(5, 1, RunFlags.None, 1).ToFrame(System.Text.Encoding.UTF8.GetBytes(argument.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string ProcessName(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();
}
