using ConcurrencyNotebooks.Worker;

// The worker host a ProcessPool starts: framed requests on stdin, framed results back, exit on stdin EOF.
// --version           prints the version and exits (the benchmark's bare start-up).
// --test-parent N     starts a pool of N workers, prints their pids and sleeps (the orphan test kills it with SIGKILL).
// --test-fault KIND   answers its first Run with a broken frame (tests of the parent's reader; see ProtocolFault).
// --test-no-posix     serves as on Windows: no dup2 for stdout, no getppid watchdog (tests of the fallbacks).
return args switch
{
    ["--version"] => Version(),
    ["--test-parent", var count] => TestParent.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    ["--test-fault", var kind] => WorkerHost.Run(ProtocolFault.Parse(kind)),
    ["--test-no-posix"] => WithoutPosix(),
    _ => WorkerHost.Run(),
};

static int WithoutPosix()
{
    ProtocolStreams.CanSeparate = false;
    ParentWatchdog.CanPoll = false;
    return WorkerHost.Run();
}

static int Version()
{
    Console.Out.Write("ConcurrencyNotebooks.Worker 1.0\n");
    return 0;
}
