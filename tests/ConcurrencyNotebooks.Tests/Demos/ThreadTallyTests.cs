using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class ThreadTallyTests
{
    [Fact]
    public async Task CountAsync_WorkOnCallingThreadOnly_CountsOne()
    {
        var ran = new ThreadTally();
        var threads = await ran.CountAsync(() => { ran.Note(); ran.Note(); return Task.CompletedTask; });
        Assert.Equal(1, threads);
    }

    [Fact]
    public async Task CountAsync_WorkOnADedicatedThread_CountsBoth()
    {
        var ran = new ThreadTally();
        var threads = await ran.CountAsync(() =>
        {
            ran.Note();
            var other = new Thread(ran.Note);
            other.Start();
            other.Join();
            return Task.CompletedTask;
        });
        Assert.Equal(2, threads);
    }

    [Fact]
    public async Task CountAsync_SecondCount_ForgetsTheFirst()
    {
        var ran = new ThreadTally();
        var other = new Thread(ran.Note);
        other.Start();
        other.Join();
        Assert.Equal(1, ran.Count);
        Assert.Equal(0, await ran.CountAsync(() => Task.CompletedTask));
    }
}
