namespace ConcurrencyNotebooks.Bench;

/// <summary>Times the process pool against Python's multiprocessing on this machine (filled in with the pool).</summary>
internal static class PoolVersusPython
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("pool-vs-python: the process pool is not built yet.");
        return Task.FromResult(2);
    }
}
