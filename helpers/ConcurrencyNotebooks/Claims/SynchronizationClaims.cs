using System.Globalization;

namespace ConcurrencyNotebooks.Claims;

/// <summary>Notebook 6's checks of what its Python twin (<c>python/async_counter.py</c>) printed.</summary>
public static class SynchronizationClaims
{
    /// <summary>Checks one asyncio run against the lesson and returns the line to show.</summary>
    /// <param name="mode">Where the await sat: "between" (not in the update), "inside" (read, await, write),
    /// or "locked" (inside, holding an <c>asyncio.Lock</c>).</param>
    /// <param name="numbers">What the script printed: expected total, counter, distinct threads.</param>
    /// <returns>One line: the mode, expected and counted totals, the thread count and what it means.</returns>
    /// <exception cref="ClaimFailedException">The run contradicts the lesson: one thread always, and updates lost
    /// only (and then always) when an await sits inside an unguarded update.</exception>
    public static string CheckAsyncioCounter(string mode, IReadOnlyList<double> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var (expected, counter, threads) = ((long)numbers[0], (long)numbers[1], (int)numbers[2]);
        Claim.Equal(threads, 1, "asyncio runs every task on one thread");
        var lost = expected - counter;
        var meaning = mode switch
        {
            "inside" => "updates lost: tasks read the same value before any of them wrote",
            "locked" => "the asyncio.Lock kept each read … await … write whole",
            _ => "no await inside the update, so no task could cut in",
        };
        if (mode == "inside")
        {
            Claim.That(lost > 0, "an await inside read … write loses updates in asyncio", $"{counter:N0} of {expected:N0}");
        }
        else
        {
            Claim.Equal(counter, expected, $"asyncio loses no update in mode '{mode}'");
        }

        var verdict = lost > 0 ? string.Create(CultureInfo.InvariantCulture, $"{lost:N0} {meaning}.") : $"exact; {meaning}.";
        return string.Create(CultureInfo.InvariantCulture,
            $"{mode,-8} expected {expected,10:N0}, counter {counter,10:N0}, on {threads} thread: {verdict}");
    }
}
