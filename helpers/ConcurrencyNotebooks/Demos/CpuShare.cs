namespace ConcurrencyNotebooks.Demos;

/// <summary>The cores this process and everything else on the machine kept busy between two samples, on average.</summary>
/// <param name="Ours">Cores this process used (1.0 = one core all the time).</param>
/// <param name="Others">Cores other programs used.</param>
public readonly record struct CpuShare(double Ours, double Others)
{
    /// <summary>Others' use above which a core was not free for the measured code (a third of a core).</summary>
    public const double BusyMachine = 0.3;

    /// <summary>Gets whether other programs used enough of the machine to slow the measured code down.</summary>
    public bool MachineWasBusy => Others >= BusyMachine;

    /// <summary>What happened between <paramref name="before"/> and <paramref name="after"/>; null when no time passed.</summary>
    /// <param name="before">The earlier sample.</param>
    /// <param name="after">The later sample, on the same machine.</param>
    /// <returns>The share, or null.</returns>
    public static CpuShare? Between(CpuSample before, CpuSample after)
    {
        var elapsed = after.Total - before.Total;
        if (elapsed <= 0)
        {
            return null;
        }

        // Ticks are summed over all cores, so ticks / elapsed × cores is in cores.
        double InCores(long ticks) => (double)ticks / elapsed * after.Cores;
        var busy = elapsed - (after.Idle - before.Idle);
        var ours = after.Process - before.Process;
        return new CpuShare(InCores(ours), Math.Max(0, InCores(busy - ours)));
    }
}
