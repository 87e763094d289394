using ConcurrencyNotebooks.TestWorker;
using ConcurrencyNotebooks.Worker;

// The worker's test modes, started by the tests with dotnet ConcurrencyNotebooks.TestWorker.dll:
// --test-parent N     starts a pool of N workers, prints their pids and sleeps (the orphan test kills it with SIGKILL).
// --test-fault KIND   serves the pool protocol like a worker, but answers its first Run with a broken frame (see ProtocolFault).
return args switch
{
    ["--test-parent", var count] => TestParent.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    ["--test-fault", var kind] => WorkerHost.Run(ProtocolFault.Parse(kind).Commit),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.Write("usage: ConcurrencyNotebooks.TestWorker --test-parent N | --test-fault KIND\n");
    return 2;
}
