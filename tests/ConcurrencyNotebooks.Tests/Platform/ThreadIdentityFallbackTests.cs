using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Platform;

/// <summary>ThreadIdentity where no native thread id answers, forced on Linux through <c>ReadOsThreadId(native: false)</c>.</summary>
public sealed class ThreadIdentityFallbackTests
{
    [Fact]
    public void ReadOsThreadId_NoNativeId_GivesEachThreadItsOwnManagedId()
    {
        const int count = 4;
        var ids = new (int Read, int Managed)[count];
        using var allStarted = new Barrier(count);   // all alive at once, so no id can be reused
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            allStarted.SignalAndWait();
            ids[i] = (ThreadIdentity.ReadOsThreadId(native: false), Environment.CurrentManagedThreadId);
            allStarted.SignalAndWait();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(count, ids.Select(id => id.Read).Distinct().Count());
        Assert.All(ids, id => Assert.Equal(id.Managed, id.Read));
        Assert.All(ids, id => Assert.NotEqual(0, id.Read));
    }

    [SkippableFact]
    public void ReadOsThreadId_OnLinux_IsTheKernelsThreadId()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "gettid is a Linux fact");

        // The kernel lists each live thread under /proc/self/task by that id.
        var id = 0;
        var listed = false;
        var thread = new Thread(() =>
        {
            id = ThreadIdentity.ReadOsThreadId(native: true);
            listed = Directory.Exists($"/proc/self/task/{id}");
        });
        thread.Start();
        thread.Join();
        Assert.True(listed, $"no task {id}");
    }
}
