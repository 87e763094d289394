using System.Runtime.CompilerServices;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Provides deliberately CPU-bound jobs (counting primes by trial division) for speed-up demos.</summary>
/// <remarks>Pure functions: safe to call from any number of threads or worker processes at once. The counting
/// methods are compiled fully optimized on first call: with tiered compilation, whichever measurement ran first
/// would run slower code and inflate the speed-ups measured after it.</remarks>
public static class CpuWork
{
    /// <summary>Counts the primes in the half-open range [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="from">The first number to test.</param>
    /// <param name="to">One past the last number to test.</param>
    /// <returns>How many primes the range holds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the range is negative or reversed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountPrimes(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        var count = 0;
        for (var n = from; n < to; n++)
        {
            if (IsPrime(n))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Tells whether <paramref name="n"/> is prime, by trial division (slow on purpose).</summary>
    /// <param name="n">The number to test.</param>
    /// <returns>True when <paramref name="n"/> is prime.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (var d = 2; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits [0, <paramref name="limit"/>) into <paramref name="parts"/> contiguous ranges.</summary>
    /// <param name="limit">One past the last number.</param>
    /// <param name="parts">How many ranges to make.</param>
    /// <returns>The ranges, in order, covering every number once.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="parts"/> is less than 1 or <paramref name="limit"/> is negative.</exception>
    public static IReadOnlyList<(int From, int To)> Split(int limit, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var ranges = new (int, int)[parts];
        for (var i = 0; i < parts; i++)
        {
            ranges[i] = ((int)((long)limit * i / parts), (int)((long)limit * (i + 1) / parts));
        }

        return ranges;
    }
}
