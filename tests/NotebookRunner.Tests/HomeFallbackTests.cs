namespace NotebookRunner.Tests;

public sealed class HomeFallbackTests
{
    [Fact]
    public void HomeFallback_HomeEmpty_SetsHomeToTheSdkFallback()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "" };

        HomeFallback.ApplyTo(environment);

        Assert.Equal(HomeFallback.FallbackHome(null), environment["HOME"]);
        Assert.True(Directory.Exists(environment["HOME"]), $"HOME fell back to {environment["HOME"]}, which does not exist.");
    }

    [Fact]
    public void HomeFallback_HomeMissing_SetsHome()
    {
        var environment = new Dictionary<string, string?>();

        HomeFallback.ApplyTo(environment);

        Assert.Equal(HomeFallback.FallbackHome(null), environment["HOME"]);
    }

    [Fact]
    public void HomeFallback_HomeEmptyAndCliHomeSet_SetsHomeToCliHome()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "", ["DOTNET_CLI_HOME"] = "/ci/cli-home" };

        HomeFallback.ApplyTo(environment);

        Assert.Equal("/ci/cli-home", environment["HOME"]);
    }

    [Fact]
    public void HomeFallback_HomeSet_LeavesEnvironmentAlone()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "/home/learner" };

        HomeFallback.ApplyTo(environment);

        Assert.Equal("/home/learner", Assert.Single(environment).Value);
    }
}
