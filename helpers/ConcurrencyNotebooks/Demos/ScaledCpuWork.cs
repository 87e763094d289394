namespace ConcurrencyNotebooks.Demos;

/// <summary>Provides CPU-bound work whose amount follows the time knob, so CPU bars keep their size next to scaled sleeps.</summary>
/// <remarks>The work is a fixed number of rounds of <see cref="CpuWork.CountPrimes"/>, not "busy for a time": on a busy
/// machine it takes longer, as real work does. Pure; thread-safe.</remarks>
public static class ScaledCpuWork
{
    /// <summary>Counts the primes below <paramref name="limit"/> <paramref name="rounds"/> times, scaled by <see cref="Demo.TimeScale"/> (at least once).</summary>
    /// <param name="limit">One past the last number to test in each round.</param>
    /// <param name="rounds">How many rounds at time scale 1.</param>
    /// <returns>How many rounds ran.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="rounds"/> is less than 1 or <paramref name="limit"/> is negative.</exception>
    public static int CountPrimes(int limit, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var scaled = Math.Max(1, (int)Math.Round(rounds * Demo.TimeScale));
        for (var i = 0; i < scaled; i++)
        {
            CpuWork.CountPrimes(0, limit);
        }

        return scaled;
    }
}
