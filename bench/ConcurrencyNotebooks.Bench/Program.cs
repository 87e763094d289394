using BenchmarkDotNet.Running;

// `-- pool-vs-python` times the process pool against Python's multiprocessing in the same run;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *Timeline*`).
if (args is ["pool-vs-python", ..])
{
    return await ConcurrencyNotebooks.Bench.PoolVersusPython.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
