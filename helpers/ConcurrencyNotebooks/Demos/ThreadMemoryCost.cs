namespace ConcurrencyNotebooks.Demos;

/// <summary>What a parked thread cost, as <see cref="ThreadMemory.Measure"/> measured it.</summary>
/// <param name="Threads">How many threads were started.</param>
/// <param name="StackReservedBytes">The address space one thread's stack reserved (0 when it could not be told apart).</param>
/// <param name="ResidentBytesPerThread">How much the process's resident memory (VmRSS) grew per thread.</param>
public sealed record ThreadMemoryCost(int Threads, long StackReservedBytes, long ResidentBytesPerThread)
{
    /// <summary>Says what was measured in one sentence, in KB.</summary>
    /// <returns>The sentence.</returns>
    public string Describe() =>
        $"{Threads} parked threads: " +
        (StackReservedBytes > 0 ? $"each reserved {StackReservedBytes / 1024:N0} KB of address space for its stack, " : "") +
        $"and the process's resident memory grew by {ResidentBytesPerThread / 1024.0:N0} KB per thread.";
}
