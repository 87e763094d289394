using ConcurrencyNotebooks.TestWorker;
using ConcurrencyNotebooks.Worker;

// The worker's test modes, started by the tests with dotnet ConcurrencyNotebooks.TestWorker.dll:
// --test-parent N     starts a pool of N workers, prints their pids and sleeps (the orphan test kills it with SIGKILL).
// --test-fault KIND   serves the pool protocol like a worker, but answers its first Run with a broken frame (see ProtocolFault).
// --test-no-posix     serves as a worker does on Windows: no dup2 for stdout, no getppid watchdog (tests of the fallbacks).
return args switch
{
    ["--test-parent", var count] => TestParent.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    ["--test-fault", var kind] => WorkerHost.Run(ProtocolFault.Parse(kind).Commit),
    ["--test-no-posix"] => WithoutPosix(),
    _ => Usage(),
};

static int WithoutPosix()
{
    ProtocolStreams.CanSeparate = false;
    ParentWatchdog.CanPoll = false;
    return WorkerHost.Run();
}

static int Usage()
{
    Console.Error.Write("usage: ConcurrencyNotebooks.TestWorker --test-parent N | --test-fault KIND | --test-no-posix\n");
    return 2;
}
