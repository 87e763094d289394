namespace ConcurrencyNotebooks.Demos;

/// <summary>The cores this process and everything else on the machine kept busy over some runs, on average.</summary>
/// <param name="Ours">Cores this process used (1.0 = one core all the time).</param>
/// <param name="Others">Cores other programs used (in a virtual machine, time the hypervisor took counts here too).</param>
/// <param name="Cores">The machine's cores.</param>
public readonly record struct CpuShare(double Ours, double Others, int Cores)
{
    /// <summary>Gets the cores other programs left free.</summary>
    public double Free => Cores - Others;

    /// <summary>What happened between <paramref name="before"/> and <paramref name="after"/>; null when no time passed.</summary>
    /// <param name="before">The earlier sample.</param>
    /// <param name="after">The later sample, on the same machine.</param>
    /// <returns>The share, or null.</returns>
    public static CpuShare? Between(CpuSample before, CpuSample after) =>
        From(after.Total - before.Total, after.Idle - before.Idle, after.Process - before.Process, after.Cores);

    /// <summary>The share over <paramref name="elapsed"/> ticks (summed over all cores), or null when they are too few to tell
    /// a third of a core apart (fewer than 10 per core: /proc/stat's busy times are sampled once per tick).</summary>
    /// <param name="elapsed">Every core's ticks, busy or idle.</param>
    /// <param name="idle">The idle part of <paramref name="elapsed"/>.</param>
    /// <param name="ours">This process's ticks.</param>
    /// <param name="cores">The machine's cores.</param>
    /// <returns>The share, or null.</returns>
    public static CpuShare? From(long elapsed, long idle, long ours, int cores)
    {
        if (cores < 1 || elapsed < 10L * cores)
        {
            return null;
        }

        // Ticks are summed over all cores, so ticks / elapsed × cores is in cores.
        double InCores(long ticks) => (double)ticks / elapsed * cores;
        return new CpuShare(InCores(ours), Math.Max(0, InCores(elapsed - idle - ours)), cores);
    }
}
