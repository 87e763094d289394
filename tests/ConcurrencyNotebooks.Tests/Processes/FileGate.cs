namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>A file a worker function blocks on (<see cref="PoolFunctions.WaitForFile"/>): the test learns when the item is
/// running and in which process, with no timing assumption, and deletes what the worker wrote.</summary>
internal sealed class FileGate : IDisposable
{
    /// <summary>Creates a gate with a fresh path; nothing is on disk until a worker starts waiting on it.</summary>
    public FileGate(string purpose) => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pool-{purpose}-{Guid.NewGuid():N}");

    /// <summary>Gets the path the worker function takes as its argument.</summary>
    public string Path { get; }

    /// <summary>Gets a fresh 60-second token, so no test runs on what an earlier one left of a shared deadline.</summary>
    public static CancellationToken Generous => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    /// <summary>Waits until a worker runs the item that waits on this gate; returns that worker's pid.</summary>
    public async Task<int> StartedPidAsync()
    {
        await Poll.UntilAsync(() => File.Exists(Path + ".started"), $"a worker to start the item gated on {Path}");
        return int.Parse(await File.ReadAllTextAsync(Path + ".started", Generous), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the files the worker wrote.</summary>
    public void Dispose()
    {
        File.Delete(Path + ".started");
        File.Delete(Path);
    }
}
