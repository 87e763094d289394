using ConcurrencyNotebooks.Worker;

// The worker host a ProcessPool starts: framed requests on stdin, framed results on stdout, exit on stdin EOF.
// --version     prints the version and exits (the benchmark's bare start-up).
// --test-parent starts a pool of N workers, prints their pids and sleeps (the orphan test kills it with SIGKILL).
return args switch
{
    ["--version"] => Version(),
    ["--test-parent", var count] => TestParent.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    _ => WorkerHost.Run(),
};

static int Version()
{
    Console.Out.Write("ConcurrencyNotebooks.Worker 1.0\n");
    return 0;
}
