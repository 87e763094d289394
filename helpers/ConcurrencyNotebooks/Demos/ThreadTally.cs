using System.Collections.Concurrent;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Counts the distinct threads that ran some work, as noted from inside the work itself.</summary>
/// <example><code>
/// var ran = new ThreadTally();
/// int Work(int n) { ran.Note(); return n * n; }
/// var threads = await ran.CountAsync(() => Task.WhenAll(items.Select(n => Task.Run(() => Work(n)))));
/// </code></example>
public sealed class ThreadTally
{
    private readonly ConcurrentDictionary<int, byte> _threads = new();

    /// <summary>Notes the current thread: call it inside the work, where the work runs.</summary>
    public void Note() => _threads.TryAdd(Environment.CurrentManagedThreadId, 0);

    /// <summary>Gets how many distinct threads noted themselves since the last count began.</summary>
    public int Count => _threads.Count;

    /// <summary>Forgets the noted threads, starts <paramref name="work"/> on the calling thread, awaits it, and returns how
    /// many distinct threads noted themselves meanwhile.</summary>
    /// <param name="work">The work, started by this call.</param>
    /// <returns>The number of distinct threads.</returns>
    public async Task<int> CountAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _threads.Clear();
        await work().ConfigureAwait(false);
        return _threads.Count;
    }
}
