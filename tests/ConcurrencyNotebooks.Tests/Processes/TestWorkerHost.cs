namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Starts the worker's test modes: tests/ConcurrencyNotebooks.TestWorker, built next to the tests.</summary>
internal static class TestWorkerHost
{
    /// <summary>Gets the test host's path.</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "ConcurrencyNotebooks.TestWorker.dll");

    /// <summary>Returns the command that makes a worker answer its first Run with a broken frame of the given kind.</summary>
    public static string[] Fault(string kind) => [Path, "--test-fault", kind];

    /// <summary>Returns the command of a worker that serves as on Windows: no dup2 for stdout, no getppid watchdog.</summary>
    public static string[] WithoutPosix() => [Path, "--test-no-posix"];

    /// <summary>Returns the command that plays a parent of <paramref name="workers"/> pool workers.</summary>
    public static string[] Parent(int workers) => [Path, "--test-parent", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
