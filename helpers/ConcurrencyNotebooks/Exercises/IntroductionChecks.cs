using System.Collections.Concurrent;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Checks the exercises of notebook 1: the answer must be right and must have run its work concurrently.</summary>
public static class IntroductionChecks
{
    /// <summary>How long the first slice waits for a second one before the check calls the answer sequential.</summary>
    public static readonly TimeSpan CompanyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Checks exercise 1: <paramref name="answer"/> counts the primes below <paramref name="limit"/> by calling
    /// the <c>countSlice</c> it is given for every slice of the range, at least two slices at the same time.</summary>
    /// <param name="answer">The learner's <c>CountWithParallelFor(countSlice)</c>.</param>
    /// <param name="limit">One past the last number to test.</param>
    /// <exception cref="ExerciseCheckException">When the count is wrong, the slices were not counted with
    /// <c>countSlice</c>, or no two slices were ever counted at once.</exception>
    public static void CheckParallelFor(Func<Func<int, int, int>, int> answer, int limit) =>
        CheckParallelFor(answer, limit, CompanyTimeout);

    /// <summary>Does what the public overload does, waiting <paramref name="timeout"/> for a second slice.</summary>
    internal static void CheckParallelFor(Func<Func<int, int, int>, int> answer, int limit, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var expected = CpuWork.CountPrimes(0, limit);
        var gate = new InFlightGate(2, timeout);
        var slices = new ConcurrentBag<(int From, int To)>();
        var actual = Answer.Run(() => answer((from, to) => gate.Run(() =>
        {
            slices.Add((from, to));
            return CpuWork.CountPrimes(from, to);
        })));
        if (actual != expected)
        {
            throw new ExerciseCheckException($"Not yet: CountWithParallelFor returned {actual:N0}, but there are " +
                $"{expected:N0} primes below {limit:N0}. Did you add every slice's count to total?");
        }

        if (slices.IsEmpty)
        {
            throw new ExerciseCheckException($"The count {actual:N0} is right, but countSlice counted no slice: " +
                "count the slices with countSlice(from, to) inside Parallel.For, not in one go or from a number you know.");
        }

        var coverage = DescribeCoverage(slices.ToArray(), limit);
        if (coverage is not null)
        {
            throw new ExerciseCheckException($"The count {actual:N0} is right, but {coverage}: count every slice " +
                "with countSlice(from, to) inside Parallel.For, and add up only what countSlice returns.");
        }

        if (gate.Peak < 2)
        {
            throw new ExerciseCheckException($"The count is right, but the {slices.Count} slices were counted one at a " +
                $"time: the first waited {timeout.TotalSeconds:0.#} s for a second to start and none did. " +
                "Let Parallel.For run them on several threads.");
        }

        Console.WriteLine($"✔ Right: {actual:N0} primes; {gate.ThreadCount} threads counted the {slices.Count} slices, " +
            $"up to {gate.Peak} in progress at once (on {Environment.ProcessorCount} cores, at most " +
            $"{Math.Min(gate.Peak, Environment.ProcessorCount)} of them ran in parallel).");
    }

    /// <summary>Says how the slices handed to <c>countSlice</c> fail to cover [0, <paramref name="limit"/>) exactly
    /// once, or returns null when they cover it.</summary>
    internal static string? DescribeCoverage(IReadOnlyCollection<(int From, int To)> slices, int limit)
    {
        long counted = 0;
        var end = 0;
        foreach (var (from, to) in slices.OrderBy(s => s.From).ThenBy(s => s.To))
        {
            if (from < end)
            {
                return $"countSlice counted the numbers from {from:N0} more than once";
            }

            if (from > end)
            {
                return $"countSlice never counted the numbers {end:N0} to {from - 1:N0}";
            }

            counted += to - from;
            end = Math.Max(end, to);
        }

        return end < limit
            ? $"countSlice counted {counted:N0} of the {limit:N0} numbers (none from {end:N0} on)"
            : null;
    }
}
