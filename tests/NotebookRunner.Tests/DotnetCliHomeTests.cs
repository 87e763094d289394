namespace NotebookRunner.Tests;

public sealed class DotnetCliHomeTests
{
    [Fact]
    public void DotnetCliHome_HomeEmpty_SetsCliHomeToTheSdkFallback()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "" };

        DotnetCliHome.ApplyTo(environment);

        Assert.Equal(DotnetCliHome.FallbackHome(), environment[DotnetCliHome.VariableName]);
        Assert.False(string.IsNullOrEmpty(environment[DotnetCliHome.VariableName]));
    }

    [Fact]
    public void DotnetCliHome_HomeMissing_SetsCliHome()
    {
        var environment = new Dictionary<string, string?>();

        DotnetCliHome.ApplyTo(environment);

        Assert.Equal(DotnetCliHome.FallbackHome(), environment[DotnetCliHome.VariableName]);
    }

    [Theory]
    [InlineData("/home/learner", null)]
    [InlineData("", "/ci/cli-home")]
    public void DotnetCliHome_HomeOrCliHomeSet_LeavesEnvironmentAlone(string home, string? cliHome)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = home };
        if (cliHome is not null)
        {
            environment[DotnetCliHome.VariableName] = cliHome;
        }

        var before = environment.ToDictionary();
        DotnetCliHome.ApplyTo(environment);

        Assert.Equal(before, environment);
    }
}
