using System.Diagnostics;

namespace ConcurrencyNotebooks.Testing;

/// <summary>The tests' one way to wait for a condition nothing signals: look, sleep, look again, up to a bound.</summary>
/// <remarks>The bound is a safety net against a hang, never a timing check: past it the wait throws a
/// <see cref="TimeoutException"/> naming what it waited for and, when given, what it saw last.</remarks>
public static class Poll
{
    /// <summary>The bound for a wait that ends at once on an idle machine: a minute, for a busy one.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Polls on the calling thread (sleeping between looks, no thread-pool timer) until <paramref name="condition"/> holds.</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? bound = null, Func<string>? seen = null)
    {
        var limit = bound ?? Generous;
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw TimedOut(what, limit, seen);
            }

            Thread.Sleep(pause);
            pause = Next(pause);
        }
    }

    /// <summary>Polls without blocking a thread until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null, Func<string>? seen = null, CancellationToken cancellationToken = default)
    {
        var limit = bound ?? Generous;
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw TimedOut(what, limit, seen);
            }

            await Task.Delay(pause, cancellationToken);
            pause = Next(pause);
        }
    }

    /// <summary>Polls <paramref name="look"/> until what it returns satisfies <paramref name="done"/>; returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<T> look, Func<T, bool> done, string what, TimeSpan? bound = null, CancellationToken cancellationToken = default)
    {
        var last = default(T)!;
        await UntilAsync(() => done(last = look()), what, bound, () => $"Last seen: {Describe(last)}.", cancellationToken);
        return last;
    }

    private static string Describe(object? value) =>
        value is System.Collections.IEnumerable items and not string ? $"[{string.Join(", ", items.Cast<object?>())}]" : $"{value}";

    private static TimeSpan Next(TimeSpan pause) => pause * 2 < LongestPause ? pause * 2 : LongestPause;

    private static TimeoutException TimedOut(string what, TimeSpan bound, Func<string>? seen) =>
        new($"Waited {bound.TotalSeconds:0.#} s for {what}." + (seen is null ? string.Empty : $" {seen()}"));
}
