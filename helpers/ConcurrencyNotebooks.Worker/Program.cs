using ConcurrencyNotebooks.Worker;

// The worker host a ProcessPool starts: framed requests on stdin, framed results back, exit on stdin EOF.
// --version           prints the version and exits (the benchmark's bare start-up).
// Its test modes live in a test-only host, tests/ConcurrencyNotebooks.TestWorker, which runs this code.
return args switch
{
    ["--version"] => Version(),
    _ => WorkerHost.Run(),
};

static int Version()
{
    Console.Out.Write("ConcurrencyNotebooks.Worker 1.0\n");
    return 0;
}
