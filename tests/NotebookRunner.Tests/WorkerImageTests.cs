using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace NotebookRunner.Tests;

/// <summary>The worker a notebook's pool starts is the ReadyToRun build (a cold pool's start-up depends on it), also after an
/// incremental build, which copies the IL assemblies into helpers/lib again.</summary>
public sealed class WorkerImageTests
{
    [Theory]
    [InlineData("ConcurrencyNotebooks.Worker.dll")]
    [InlineData("ConcurrencyNotebooks.Protocol.dll")]
    public void HelpersLib_WorkerAssemblies_AreReadyToRunImages(string file)
    {
        Assert.True(RuntimeInformation.RuntimeIdentifier is "linux-x64" or "linux-arm64",
            $"the worker is compiled ahead of time on linux-x64 and linux-arm64 only, not {RuntimeInformation.RuntimeIdentifier}");
        using var stream = File.OpenRead(Path.Combine(TestRepository.Root, "helpers", "lib", file));
        using var pe = new PEReader(stream);
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"helpers/lib/{file} holds IL only, no ReadyToRun code");
    }
}
