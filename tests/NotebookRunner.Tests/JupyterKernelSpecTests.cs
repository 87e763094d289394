using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public sealed class JupyterKernelSpecTests
{
    private const string ToolKernelJson = """
        {"argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"],
         "display_name": ".NET (C#)", "language": "C#"}
        """;

    [Fact]
    public void WithLocalOnlyHttp_ToolKernelJson_AppendsTheOptionAndKeepsTheRest()
    {
        var patched = JsonNode.Parse(JupyterKernelSpec.WithLocalOnlyHttp(ToolKernelJson))!;

        Assert.Equal(
            ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000", "--http-local-only"],
            patched["argv"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal(".NET (C#)", patched["display_name"]!.GetValue<string>());
    }

    [Fact]
    public void WithLocalOnlyHttp_AlreadyPatched_AddsNothing()
    {
        var once = JupyterKernelSpec.WithLocalOnlyHttp(ToolKernelJson);

        Assert.Equal(once, JupyterKernelSpec.WithLocalOnlyHttp(once));
    }

    [Fact]
    public void WithLocalOnlyHttp_NoConnectionFileInArgv_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => JupyterKernelSpec.WithLocalOnlyHttp("""{"argv": ["dotnet", "interactive"]}"""));
    }

    [Fact]
    public void UserKernelsDirectory_JupyterDataDirSet_UsesItsKernelsFolder()
    {
        var directory = JupyterKernelSpec.UserKernelsDirectory(name => name == "JUPYTER_DATA_DIR" ? "/data/jupyter" : "/ignored");

        Assert.Equal(Path.Combine(Path.GetFullPath("/data/jupyter"), "kernels"), directory);
    }

    [SkippableFact]
    public void UserKernelsDirectory_Linux_FollowsXdgDataHomeThenHome()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Jupyter's per-user folder differs on Windows and macOS.");

        Assert.Equal("/xdg/jupyter/kernels", JupyterKernelSpec.UserKernelsDirectory(name => name switch { "XDG_DATA_HOME" => "/xdg", "HOME" => "/home/learner", _ => null }));
        Assert.Equal("/home/learner/.local/share/jupyter/kernels", JupyterKernelSpec.UserKernelsDirectory(name => name == "HOME" ? "/home/learner" : null));
    }
}
