using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class ProcessColdRunTests
{
    private static ProcessColdRun Steps(int compile, int firstCall, int firstRun) => new()
    {
        Workers = 2, Start = TimeSpan.FromMilliseconds(300), Compile = TimeSpan.FromMilliseconds(compile),
        FirstCall = TimeSpan.FromMilliseconds(firstCall), NextCall = TimeSpan.FromMilliseconds(2),
        FirstRun = TimeSpan.FromMilliseconds(firstRun), NextRun = TimeSpan.FromMilliseconds(250),
    };

    [Fact]
    public void Explain_SlowFirstRun_NamesTheWorkersFreshCode()
    {
        var text = Steps(compile: 40, firstCall: 60, firstRun: 900).Explain(TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(250));
        Assert.Contains("750 ms more than its warm run", text, StringComparison.Ordinal);
        Assert.Contains("The largest extra here: running the work in code the workers had only just compiled (650 ms)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_SlowCompile_NamesTheCompile()
    {
        var text = Steps(compile: 700, firstCall: 60, firstRun: 300).Explain(TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(250));
        Assert.Contains("The largest extra here: compiling the new function in the notebook (700 ms)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ColdNoSlowerThanWarm_SaysSo()
    {
        var text = Steps(compile: 40, firstCall: 60, firstRun: 300).Explain(TimeSpan.FromMilliseconds(240), TimeSpan.FromMilliseconds(250));
        Assert.Contains("took 240 ms, no more than its warm run (250 ms)", text, StringComparison.Ordinal);
    }
}
