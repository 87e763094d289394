using System.Diagnostics;
using ConcurrencyNotebooks.Processes;

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
        var method = typeof(PoolFunctions).GetMethod(nameof(PoolFunctions.Square))!;
        var load = new LoadMessage
        {
            FunctionId = 1, AssemblyName = method.Module.Assembly.FullName!, AssemblyPath = method.Module.Assembly.Location, AssemblyBytes = [],
            TypeName = method.DeclaringType!.FullName!, MethodName = method.Name, MetadataToken = method.MetadataToken,
            ModuleVersionId = sameBuild ? method.Module.ModuleVersionId : Guid.NewGuid(), References = [],
        };
        var run = new WireWriter();
        new RunMessage(5, 1, RunFlags.None, 1).BeginFrame(run);
        run.WriteBlock("7"u8);
        run.EndFrame();

        using var worker = Process.Start(WorkerLauncher.StartInfo())!;
        worker.StandardInput.BaseStream.Write(load.ToFrame());
        worker.StandardInput.BaseStream.Write(run.WrittenSpan);
        worker.StandardInput.Close();
        var frames = new FrameReader(worker.StandardOutput.BaseStream);
        Assert.True(frames.TryReadFrame(out var kind, out var payload));
        Assert.Equal(FrameKind.Result, kind);
        var result = ResultMessage.Read(payload);
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
}
