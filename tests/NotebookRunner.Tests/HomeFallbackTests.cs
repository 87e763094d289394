namespace NotebookRunner.Tests;

public sealed class HomeFallbackTests
{
    [Fact]
    public void HomeFallback_HomeEmpty_SetsHomeToTheSdkFallback()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "" };

        HomeFallback.ApplyTo(environment);

        Assert.Equal(HomeFallback.FallbackHome(), environment["HOME"]);
        Assert.False(string.IsNullOrEmpty(environment["HOME"]));
    }

    [Fact]
    public void HomeFallback_HomeMissing_SetsHome()
    {
        var environment = new Dictionary<string, string?>();

        HomeFallback.ApplyTo(environment);

        Assert.Equal(HomeFallback.FallbackHome(), environment["HOME"]);
    }

    [Fact]
    public void HomeFallback_HomeSet_LeavesEnvironmentAlone()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "/home/learner" };

        HomeFallback.ApplyTo(environment);

        Assert.Equal("/home/learner", Assert.Single(environment).Value);
    }
}
