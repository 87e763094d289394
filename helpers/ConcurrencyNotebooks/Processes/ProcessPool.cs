using System.Diagnostics;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Runs a function over many items in a pool of worker processes, like Python's <c>multiprocessing.Pool</c>.</summary>
/// <remarks>
/// <para>The function can be a lambda written at the call, a top-level method of a notebook cell, or a static method of a
/// compiled assembly: cell code is compiled once for the workers (see <see cref="FunctionNotShippableException"/> for what
/// cannot travel). Arguments and results travel as System.Text.Json.</para>
/// <para>Every worker process starts with the pool and is reused across calls. No more runtimes start up at a time than
/// there are cores (the other processes wait, already created, and start as workers come up), and a worker takes items
/// only once it is up: a cold pool's first items run on the first workers ready. A worker that crashes or passes
/// <see cref="ProcessPoolOptions.TaskTimeout"/> is replaced. Workers exit by themselves when this process dies, when the pool
/// is finalized, and, in a notebook, when re-running a cell rebinds the pool's variable to a new pool.</para>
/// <para>In a notebook, the cell's Stop button cancels any call that was given no token of its own.</para>
/// <para>Thread-safe: any number of calls may run at once; items queue for the next free worker.</para>
/// </remarks>
/// <example><code>
/// int Square(int n) => n * n;                       // one cell
/// using (var pool = new ProcessPool(4))            // the next cell
/// {
///     Console.WriteLine(string.Join(", ", pool.Map(Square, new[] { 1, 2, 3, 4 })));   // 1, 4, 9, 16
///     Console.WriteLine(await pool.SubmitAsync(n => n + 1, 41));                       // 42
/// }
/// </code></example>
public sealed class ProcessPool : IDisposable, IAsyncDisposable
{
    private static readonly Lock SharedGate = new();
    private static ProcessPool? _shared;

    private readonly PoolDispatcher _dispatcher;
    private readonly ProcessPoolOptions _options;
    private int _disposed;
    private bool _isShared;

    /// <summary>Starts a pool of worker processes.</summary>
    /// <param name="workers">How many worker processes to run (Python's processes=).</param>
    /// <param name="options">Timeout, recycling, initializer and output settings, or null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is zero, negative or over 256.</exception>
    /// <exception cref="FileNotFoundException">The worker host is missing next to this library.</exception>
    public ProcessPool(int workers, ProcessPoolOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, 256);
        _options = options ?? new ProcessPoolOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxTasksPerWorker, "options.MaxTasksPerWorker");
        if (_options.TaskTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, "options.TaskTimeout");
        }

        _ = WorkerLauncher.WorkerPath();
        FunctionShipper.WarmUp();
        var initializer = _options.Initializer is { } init ? FunctionShipper.Ship(init, _options.InitializerExpression) : null;
        _dispatcher = new PoolDispatcher(workers, _options, initializer);
        WorkerCount = workers;
        _dispatcher.Start();
        ShadowedPools.Track();
    }

    /// <summary>Stops the workers of a pool nobody can reach any more (their stdin closes, busy ones are killed).</summary>
    /// <remarks>The dispatcher is null when the constructor threw before creating it.</remarks>
    ~ProcessPool() => _dispatcher?.Shutdown();

    /// <summary>Gets the number of worker processes.</summary>
    public int WorkerCount { get; }

    /// <summary>Gets the process ids of the current workers (a snapshot).</summary>
    public IReadOnlyList<int> ProcessIds => _dispatcher.ProcessIds;

    /// <summary>Returns the pool shared by the whole session (one per process), starting it on first use.</summary>
    /// <remarks>Like loky's reusable executor: every cell that asks gets the same warm workers. Disposing it does nothing;
    /// it is shut down when this process exits. Asking for another worker count replaces it.</remarks>
    /// <param name="workers">How many workers; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is negative.</exception>
    public static ProcessPool Shared(int workers = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        workers = workers == 0 ? Environment.ProcessorCount : workers;
        lock (SharedGate)
        {
            if (_shared is { } existing && existing.WorkerCount == workers && Volatile.Read(ref existing._disposed) == 0)
            {
                return existing;
            }

            var old = _shared;
            _shared = new ProcessPool(workers) { _isShared = true };
            if (old is null)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared?.ShutdownAsync(blocking: true).GetAwaiter().GetResult();
            }

            old?.ShutdownAsync(blocking: true).GetAwaiter().GetResult();
            return _shared;
        }
    }

    /// <summary>Applies a function to every item in worker processes and returns the results in item order (Python's pool.map).</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="items">The arguments, one call each.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    /// <exception cref="RemoteTaskException">The function threw for an item.</exception>
    /// <exception cref="WorkerCrashedException">A worker died while it ran an item.</exception>
    /// <exception cref="TimeoutException">An item ran past <see cref="ProcessPoolOptions.TaskTimeout"/>.</exception>
    /// <remarks>In a notebook, the cell's Stop button cancels the map (its running workers are killed and replaced).</remarks>
    public IReadOnlyList<TResult> Map<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int chunkSize = 0,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Start<T, TResult>(function, functionExpression, items, chunkSize, unordered: false, default).Task.GetAwaiter().GetResult();

    /// <summary>Applies a function to every item in worker processes; the task completes with the results in item order.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="items">The arguments, one call each.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="cancellationToken">Cancels the map: queued items are dropped, workers running its items are killed and replaced.
    /// None means the notebook cell's Stop button.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public Task<IReadOnlyList<TResult>> MapAsync<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int chunkSize = 0,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Start<T, TResult>(function, functionExpression, items, chunkSize, unordered: false, cancellationToken).Task;

    /// <summary>Applies a function to every item in worker processes and yields each result as soon as it is ready (Python's imap_unordered).</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="items">The arguments, one call each.</param>
    /// <param name="chunkSize">How many items travel per message (default 1).</param>
    /// <param name="cancellationToken">Cancels the map; so does leaving the enumeration early.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IAsyncEnumerable<TResult> MapUnordered<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int chunkSize = 1,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Stream(Start<T, TResult>(function, functionExpression, items, chunkSize, unordered: true, cancellationToken), cancellationToken);

    /// <summary>Runs one call in a worker process (Python's apply_async); the task completes with its result.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="argument">The argument.</param>
    /// <param name="cancellationToken">Cancels the call (its worker is killed and replaced if it already started).</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public async Task<TResult> SubmitAsync<T, TResult>(Func<T, TResult> function, T argument, CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        (await Start<T, TResult>(function, functionExpression, [argument], 1, unordered: false, cancellationToken).Task.ConfigureAwait(false))[0];

    /// <summary>Runs one call with no argument in a worker process; the task completes with its result.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="cancellationToken">Cancels the call (its worker is killed and replaced if it already started).</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public async Task<TResult> SubmitAsync<TResult>(Func<TResult> function, CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        (await Start<object?, TResult>(function, functionExpression, [null], 1, unordered: false, cancellationToken).Task.ConfigureAwait(false))[0];

    /// <summary>Applies a two-parameter function to every pair and returns the results in order (Python's starmap).</summary>
    /// <param name="function">A lambda, a cell method or a static method with two parameters.</param>
    /// <param name="items">The argument pairs.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IReadOnlyList<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> function, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Start<(T1, T2), TResult>(function, functionExpression, items, chunkSize, unordered: false, default).Task.GetAwaiter().GetResult();

    /// <summary>Applies a three-parameter function to every triple and returns the results in order (Python's starmap).</summary>
    /// <param name="function">A lambda, a cell method or a static method with three parameters.</param>
    /// <param name="items">The argument triples.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IReadOnlyList<TResult> StarMap<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, IEnumerable<(T1, T2, T3)> items, int chunkSize = 0,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Start<(T1, T2, T3), TResult>(function, functionExpression, items, chunkSize, unordered: false, default).Task.GetAwaiter().GetResult();

    /// <summary>Applies a two-parameter function to every pair; the task completes with the results in order.</summary>
    /// <param name="function">A lambda, a cell method or a static method with two parameters.</param>
    /// <param name="items">The argument pairs.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="cancellationToken">Cancels the map.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public Task<IReadOnlyList<TResult>> StarMapAsync<T1, T2, TResult>(Func<T1, T2, TResult> function, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        Start<(T1, T2), TResult>(function, functionExpression, items, chunkSize, unordered: false, cancellationToken).Task;

    /// <summary>Stops the workers: running tasks are killed, queued ones fail with <see cref="ObjectDisposedException"/> (Python's terminate).</summary>
    /// <remarks>Safe to call twice. Returns once every worker process has exited. Does nothing on <see cref="Shared"/>.</remarks>
    public void Dispose()
    {
        if (!_isShared)
        {
            ShutdownAsync(blocking: true).GetAwaiter().GetResult();
        }
    }

    /// <summary>Stops the workers and waits for them to exit, without blocking a thread.</summary>
    /// <remarks>Safe to call twice. Does nothing on <see cref="Shared"/>.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            await ShutdownAsync(blocking: false).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every worker is up and ready for items (its runtime started, its initializer run).</summary>
    /// <remarks>Calls need not wait: items go to the first workers up. Wait to time warm workers only, or to give each worker
    /// one of the next items (idle workers that are up take one item each).</remarks>
    /// <param name="cancellationToken">Stops waiting; none means the notebook cell's Stop button.</param>
    /// <exception cref="PoolBrokenException">A worker could not start or its initializer failed.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed first.</exception>
    public Task WaitForWorkersAsync(CancellationToken cancellationToken = default) =>
        _dispatcher.AllServing.WaitAsync(cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken);

    /// <summary>Blocks until every worker is up and ready for items; see <see cref="WaitForWorkersAsync"/>.</summary>
    /// <exception cref="PoolBrokenException">A worker could not start or its initializer failed.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed first.</exception>
    public void WaitForWorkers() => WaitForWorkersAsync().GetAwaiter().GetResult();

    /// <summary>Returns a one-line summary: worker count and process ids.</summary>
    public override string ToString() => $"ProcessPool({WorkerCount} workers: pids {string.Join(", ", ProcessIds)})";

    /// <summary>Gets the most chunks one worker has held at once so far (running plus waiting in its pipe); for tests.</summary>
    internal int MostChunksInFlight => _dispatcher.MostChunksInFlight;

    /// <summary>Gets the most worker runtimes that were starting up at once so far; for tests.</summary>
    internal int MostStartingUpSeen => _dispatcher.MostStartingUpSeen;

    /// <summary>The most chunks one worker holds at once while its chunks are tiny.</summary>
    internal const int PipelineDepth = PoolDispatcher.PipelineDepth;

    /// <summary>Shuts the pool down (shared or not) and waits for its workers to exit: a second, then kills what is left and
    /// waits five more.</summary>
    /// <param name="blocking">Waits by blocking the thread (Dispose): the wait needs no thread-pool thread, so a starved
    /// pool cannot delay it, and the returned task is complete.</param>
    private async ValueTask ShutdownAsync(bool blocking)
    {
        GC.SuppressFinalize(this);
        Interlocked.Exchange(ref _disposed, 1);
        var stopped = _dispatcher.Shutdown();
        if (!await WaitAsync(stopped, TimeSpan.FromSeconds(1), blocking).ConfigureAwait(false))
        {
            _dispatcher.KillAll();
            await WaitAsync(stopped, TimeSpan.FromSeconds(5), blocking).ConfigureAwait(false);
        }
    }

    private static async ValueTask<bool> WaitAsync(Task task, TimeSpan timeout, bool blocking) =>
        blocking ? task.Wait(timeout) : await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false) == task;

    private MapOperation<T, TResult> Start<T, TResult>(Delegate function, string expression, IEnumerable<T> items, int chunkSize,
        bool unordered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var shipped = FunctionShipper.Ship(function, expression);
        var list = items as IReadOnlyList<T> ?? items.ToArray();
        var operation = new MapOperation<T, TResult>(list, shipped, unordered, this);
        if (list.Count == 0)
        {
            return operation;
        }

        var flags = (_options.Timeline is null ? RunFlags.None : RunFlags.TimeEachItem)
                    | (_options.TaskTimeout is null ? RunFlags.None : RunFlags.ReportItemStarts);
        var chunks = ChunkPlanner.Plan(list, shipped, chunkSize == 0 ? ChunkPlanner.DefaultChunkSize(list.Count, WorkerCount) : chunkSize, flags,
            operation);

        // One rule for every call: no token of the caller's own means the notebook cell's Stop button.
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        operation.Register(token, op =>
        {
            op.Cancel(token);
            _dispatcher.Cancel(op);
        });
        _dispatcher.Submit(chunks);
        return operation;
    }

    /// <summary>Streams an unordered map's results; leaving the enumeration early cancels what is left of the map.</summary>
    private async IAsyncEnumerable<TResult> Stream<T, TResult>(MapOperation<T, TResult> operation,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var result in operation.Stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
        finally
        {
            if (!operation.IsFinished)
            {
                operation.Cancel(new CancellationToken(canceled: true));
                _dispatcher.Cancel(operation);
            }
        }
    }
}
