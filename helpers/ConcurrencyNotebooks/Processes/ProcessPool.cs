using System.Diagnostics;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Runs a function over many items in a pool of worker processes, like Python's <c>multiprocessing.Pool</c>.</summary>
/// <remarks>
/// <para>The function can be a lambda written at the call, a top-level method of a notebook cell, or a static method of a
/// compiled assembly: cell code is compiled once for the workers (see <see cref="FunctionNotShippableException"/> for what
/// cannot travel). Arguments and results travel as System.Text.Json.</para>
/// <para>Workers start with the pool and are reused across calls. A worker that crashes or passes
/// <see cref="ProcessPoolOptions.TaskTimeout"/> is replaced; workers exit by themselves when this process dies.</para>
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
    private static long _lastTaskId;
    private static long _lastSpanId;

    private readonly Lock _gate = new();
    private readonly Queue<PoolChunk> _queue = new();
    private readonly WorkerConnection?[] _workers;
    private readonly ProcessPoolOptions _options;
    private readonly ShippedFunction? _initializer;
    private readonly Timer? _timeoutTimer;
    private readonly long _timeoutTicks;
    private bool _disposed;
    private int _mostInFlight;
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
            _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 10, 200));
            _timeoutTimer = new Timer(_ => KillOverdueWorkers(), null, period, period);
        }

        _initializer = _options.Initializer is { } init ? FunctionShipper.Ship(init, _options.InitializerExpression) : null;
        _workers = new WorkerConnection?[workers];
        try
        {
            for (var i = 0; i < workers; i++)
            {
                _workers[i] = StartWorker(i);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the number of worker processes.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>Gets the process ids of the current workers (a snapshot).</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_gate)
            {
                return _workers.Where(w => w is not null).Select(w => w!.ProcessId).ToArray();
            }
        }
    }

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
            if (_shared is { } existing && existing.WorkerCount == workers && !existing._disposed)
            {
                return existing;
            }

            var old = _shared;
            _shared = new ProcessPool(workers) { _isShared = true };
            if (old is null)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared?.Shutdown();
            }

            old?.Shutdown();
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
        StartMap<T, TResult>(function, functionExpression, items, chunkSize, unordered: false, NotebookCancellation.Current()).Task.GetAwaiter().GetResult();

    /// <summary>Applies a function to every item in worker processes; the task completes with the results in item order.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="items">The arguments, one call each.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="cancellationToken">Cancels the map: queued items are dropped, workers running its items are killed and replaced.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public Task<IReadOnlyList<TResult>> MapAsync<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int chunkSize = 0,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        StartMap<T, TResult>(function, functionExpression, items, chunkSize, unordered: false, cancellationToken).Task;

    /// <summary>Applies a function to every item in worker processes and yields each result as soon as it is ready (Python's imap_unordered).</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="items">The arguments, one call each.</param>
    /// <param name="chunkSize">How many items travel per message (default 1).</param>
    /// <param name="cancellationToken">Cancels the map.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IAsyncEnumerable<TResult> MapUnordered<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int chunkSize = 1,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        StartMap<T, TResult>(function, functionExpression, items, chunkSize, unordered: true, cancellationToken).Stream.ReadAllAsync(cancellationToken);

    /// <summary>Runs one call in a worker process (Python's apply_async); the task completes with its result.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="argument">The argument.</param>
    /// <param name="cancellationToken">Cancels the call (its worker is killed and replaced if it already started).</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public async Task<TResult> SubmitAsync<T, TResult>(Func<T, TResult> function, T argument, CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        (await StartMap<T, TResult>(function, functionExpression, [argument], 1, unordered: false, cancellationToken).Task.ConfigureAwait(false))[0];

    /// <summary>Runs one call with no argument in a worker process; the task completes with its result.</summary>
    /// <param name="function">A lambda, a cell method or a static method; it must not use variables of the notebook.</param>
    /// <param name="cancellationToken">Cancels the call (its worker is killed and replaced if it already started).</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public async Task<TResult> SubmitAsync<TResult>(Func<TResult> function, CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        (await StartMap<object?, TResult>(function, functionExpression, [null], 1, unordered: false, cancellationToken).Task.ConfigureAwait(false))[0];

    /// <summary>Applies a two-parameter function to every pair and returns the results in order (Python's starmap).</summary>
    /// <param name="function">A lambda, a cell method or a static method with two parameters.</param>
    /// <param name="items">The argument pairs.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IReadOnlyList<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> function, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        StartMap<(T1, T2), TResult>(function, functionExpression, items, chunkSize, unordered: false, NotebookCancellation.Current()).Task.GetAwaiter().GetResult();

    /// <summary>Applies a three-parameter function to every triple and returns the results in order (Python's starmap).</summary>
    /// <param name="function">A lambda, a cell method or a static method with three parameters.</param>
    /// <param name="items">The argument triples.</param>
    /// <param name="chunkSize">How many items travel per message; 0 picks about four chunks per worker.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be sent to a worker.</exception>
    public IReadOnlyList<TResult> StarMap<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, IEnumerable<(T1, T2, T3)> items, int chunkSize = 0,
        [CallerArgumentExpression(nameof(function))] string functionExpression = "") =>
        StartMap<(T1, T2, T3), TResult>(function, functionExpression, items, chunkSize, unordered: false, NotebookCancellation.Current()).Task.GetAwaiter().GetResult();

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
        StartMap<(T1, T2), TResult>(function, functionExpression, items, chunkSize, unordered: false, cancellationToken).Task;

    /// <summary>Stops the workers: running tasks are killed, queued ones fail with <see cref="ObjectDisposedException"/> (Python's terminate).</summary>
    /// <remarks>Safe to call twice. Returns once every worker process has exited. Does nothing on <see cref="Shared"/>.</remarks>
    public void Dispose()
    {
        if (!_isShared)
        {
            Shutdown();
        }
    }

    /// <summary>Stops the workers and waits for them to exit, without blocking a thread.</summary>
    /// <remarks>Safe to call twice. Does nothing on <see cref="Shared"/>.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Returns a one-line summary: worker count and process ids.</summary>
    public override string ToString() => $"ProcessPool({WorkerCount} workers: pids {string.Join(", ", ProcessIds)})";

    private MapOperation<T, TResult> StartMap<T, TResult>(Delegate function, string expression, IEnumerable<T> items, int chunkSize,
        bool unordered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var shipped = FunctionShipper.Ship(function, expression);
        var list = items as IReadOnlyList<T> ?? items.ToArray();
        if (chunkSize == 0)
        {
            chunkSize = Math.Max(1, (int)Math.Ceiling(list.Count / (4.0 * _workers.Length)));
        }

        var operation = new MapOperation<T, TResult>(list, shipped, unordered);
        if (list.Count == 0)
        {
            return operation;
        }

        var chunks = new List<PoolChunk>((list.Count + chunkSize - 1) / chunkSize);
        var writer = new WireWriter();
        for (var offset = 0; offset < list.Count; offset += chunkSize)
        {
            var count = Math.Min(chunkSize, list.Count - offset);
            var taskId = Interlocked.Increment(ref _lastTaskId);
            writer.Clear();
            writer.BeginFrame(FrameKind.Run);
            writer.WriteInt64(taskId);
            writer.WriteInt32(shipped.Id);
            writer.WriteByte(_options.Timeline is null ? (byte)0 : WireFormat.TimeEachItem);
            writer.WriteInt32(count);
            for (var i = offset; i < offset + count; i++)
            {
                var length = PayloadJson.WriteBlock(writer, list[i], "an argument");
                if (length > WireFormat.MaxFrameBytes - 64)
                {
                    throw new ArgumentException(
                        $"The argument of {shipped.Label(list[i])} serializes to {Mib(length)}, over the {Mib(WireFormat.MaxFrameBytes)} limit " +
                        "of one message to a worker. Send a file path or a smaller piece instead.", nameof(items));
                }
            }

            if (writer.EndFrame() > WireFormat.MaxFrameBytes)
            {
                throw new ArgumentException(
                    $"Items {offset}..{offset + count - 1} serialize to {Mib(writer.Length)} together, over the {Mib(WireFormat.MaxFrameBytes)} " +
                    "limit of one message to a worker. Use a smaller chunkSize.", nameof(items));
            }

            chunks.Add(new PoolChunk { Function = shipped, RunFrame = writer.ToArray(), TaskId = taskId, Offset = offset, Count = count, Sink = operation });
        }

        operation.Register(cancellationToken, op => Cancel(op, cancellationToken));
        Enqueue(chunks);
        return operation;
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";

    private void Enqueue(List<PoolChunk> chunks)
    {
        WorkerConnection?[] workers;
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(ProcessPool));
            }

            foreach (var chunk in chunks)
            {
                _queue.Enqueue(chunk);
            }

            workers = _workers.Where(w => w is { Stop: WorkerStop.None }).ToArray();
        }

        foreach (var worker in workers)
        {
            Pump(worker!);
        }
    }

    /// <summary>Sends a worker the next live chunks: one when it is idle, more while its chunks are tiny (see <see cref="PipelineDepth"/>).</summary>
    /// <remarks>Chunks are chosen and written under the worker's send gate, so the pipe gets them in the order
    /// <see cref="WorkerConnection.Current"/> and the chunks queued behind it expect their results.</remarks>
    private void Pump(WorkerConnection worker)
    {
        lock (worker.SendGate)
        {
            var frames = new List<byte[]>(2);
            try
            {
                PumpInto(worker, frames);
            }
            finally
            {
                worker.Send(frames);
            }
        }
    }

    /// <summary>Moves the chunks <see cref="Pump"/> sends from the queue to the worker's in-flight list, collecting their frames.</summary>
    private void PumpInto(WorkerConnection worker, List<byte[]> frames)
    {
        while (true)
        {
            PoolChunk? next = null;
            var bytes = 0;
            bool load;
            Exception? initializerError;
            lock (_gate)
            {
                if (worker.Stop != WorkerStop.None || _disposed || !HasRoom(worker))
                {
                    return;
                }

                while (_queue.TryPeek(out var candidate))
                {
                    if (candidate.Sink.IsFinished)
                    {
                        _queue.Dequeue();
                        continue;
                    }

                    // Only small frames queue up behind a running chunk, so a send never waits on a full pipe.
                    bytes = candidate.RunFrame.Length + (worker.LoadedFunctions.Contains(candidate.Function.Id) ? 0 : candidate.Function.LoadFrame.Length);
                    if (worker.InFlightCount == 0 || worker.InFlightBytes + bytes <= PipelinedBytesLimit)
                    {
                        next = _queue.Dequeue();
                    }

                    break;
                }

                if (next is null)
                {
                    return;
                }

                initializerError = worker.InitializerError;
                load = initializerError is null && worker.LoadedFunctions.Add(next.Function.Id);
                if (initializerError is null)
                {
                    worker.AddInFlight(next, bytes);
                    _mostInFlight = Math.Max(_mostInFlight, worker.InFlightCount);
                    if (worker.InFlightCount == 1)
                    {
                        worker.DeadlineTicks = Deadline(next);
                    }
                }
            }

            if (initializerError is not null)
            {
                next.Sink.Fail(next, initializerError);
                continue;
            }

            if (load)
            {
                frames.Add(next.Function.LoadFrame);
            }

            frames.Add(next.RunFrame);
        }
    }

    /// <summary>Tells whether a worker may take one more chunk now (pool lock).</summary>
    private bool HasRoom(WorkerConnection worker)
    {
        var inFlight = worker.InFlightCount;
        if (inFlight == 0)
        {
            return true;
        }

        if (worker.Current!.Sink is InitializerSink || worker.LastChunkTicks == 0 || worker.LastChunkTicks > TinyChunkTicks)
        {
            return false;
        }

        var tasksLeft = _options.MaxTasksPerWorker > 0 ? _options.MaxTasksPerWorker - worker.ChunksDone : int.MaxValue;
        return inFlight < Math.Min(PipelineDepth, tasksLeft);
    }

    private long Deadline(PoolChunk chunk) => _timeoutTicks > 0 ? Stopwatch.GetTimestamp() + (_timeoutTicks * chunk.Count) : 0;

    private WorkerConnection StartWorker(int index)
    {
        var worker = WorkerConnection.Start(index, OnResult, OnExit);
        if (_initializer is not null)
        {
            var sink = new InitializerSink(_initializer);
            var taskId = Interlocked.Increment(ref _lastTaskId);
            var writer = new WireWriter();
            writer.BeginFrame(FrameKind.Run);
            writer.WriteInt64(taskId);
            writer.WriteInt32(_initializer.Id);
            writer.WriteByte(0);
            writer.WriteInt32(1);
            writer.WriteBlock("null"u8);
            writer.EndFrame();
            var chunk = new PoolChunk
            {
                Function = _initializer, RunFrame = writer.ToArray(), TaskId = taskId,
                Offset = 0, Count = 1, Sink = sink,
            };
            lock (_gate)
            {
                worker.AddInFlight(chunk, _initializer.LoadFrame.Length + chunk.RunFrame.Length);
                worker.LoadedFunctions.Add(_initializer.Id);
            }

            worker.Send(_initializer.LoadFrame, chunk.RunFrame);
        }

        return worker;
    }

    /// <summary>Handles a worker's answer to its running chunk; <paramref name="moreBuffered"/> says more answers are already
    /// read, so refilling the worker waits for the last of them (one write for several chunks).</summary>
    private void OnResult(WorkerConnection worker, long taskId, ChunkResult result, bool moreBuffered)
    {
        PoolChunk? chunk;
        var recycle = false;
        lock (_gate)
        {
            chunk = worker.Current;
            if (chunk is null || chunk.TaskId != taskId)
            {
                return;
            }

            worker.CompleteCurrent();
            worker.DeadlineTicks = worker.Current is { } next ? Deadline(next) : 0;
            if (result.StartTicks.Length > 0)
            {
                worker.LastChunkTicks = Math.Max(1, result.EndTicks[^1] - result.StartTicks[0]);
            }

            if (chunk.Sink is InitializerSink)
            {
                worker.InitializerError = result.ErrorIndex >= 0
                    ? new RemoteTaskException($"the pool's initializer {chunk.Function.DisplayName}", null, result.ErrorType, result.ErrorMessage,
                        result.ErrorDetails, worker.Index, worker.ProcessId)
                    : null;
            }
            else
            {
                worker.ChunksDone++;
                recycle = _options.MaxTasksPerWorker > 0 && worker.ChunksDone >= _options.MaxTasksPerWorker && !_disposed;
                if (recycle)
                {
                    worker.Stop = WorkerStop.Recycle;
                }
            }
        }

        if (recycle)
        {
            worker.CloseInput();
            Replace(worker);
        }
        else if (!moreBuffered)
        {
            Pump(worker);
        }

        if (_options.EchoWorkerOutput && result.Output.Length > 0)
        {
            Console.Out.Write(result.Output);
        }

        if (_options.Timeline is { } timeline && chunk.Sink is not InitializerSink)
        {
            RecordSpans(timeline, chunk, result, worker);
        }

        chunk.Sink.Complete(chunk, result, worker);
    }

    private static void RecordSpans(Timeline timeline, PoolChunk chunk, ChunkResult result, WorkerConnection worker)
    {
        var lane = $"worker {worker.Index}";   // the timeline adds " (pid n)" to lanes of other processes
        var spans = new SpanRecord[Math.Min(result.StartTicks.Length, chunk.Count)];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = new SpanRecord
            {
                Id = Interlocked.Increment(ref _lastSpanId),
                Label = chunk.Sink.Label(chunk.Offset + i),
                Kind = SpanKind.Process,
                StartTicks = result.StartTicks[i],
                EndTicks = result.EndTicks[i],
                ProcessId = worker.ProcessId,
                OsThreadId = worker.ProcessId,
                EndOsThreadId = worker.ProcessId,
                ThreadName = "worker main thread",
                Lane = lane,
            };
        }

        try
        {
            timeline.Add(spans);
        }
        catch (ObjectDisposedException)
        {
            // The notebook disposed its timeline while the pool still ran: spans are dropped, results are not.
        }
    }

    private void OnExit(WorkerConnection worker)
    {
        PoolChunk? chunk;
        PoolChunk[] waiting;
        WorkerStop stop;
        bool replace;
        lock (_gate)
        {
            var inFlight = worker.TakeAllInFlight();
            chunk = inFlight.FirstOrDefault();
            waiting = inFlight.Length > 1 ? inFlight[1..] : [];
            stop = worker.Stop;
            replace = !_disposed && stop != WorkerStop.Recycle && ReferenceEquals(_workers[worker.Index], worker);

            // Chunks that waited in the dead worker's pipe never started: they go back to the front of the queue.
            if (waiting.Length > 0 && !_disposed)
            {
                var rest = _queue.ToArray();
                _queue.Clear();
                foreach (var again in waiting.Concat(rest))
                {
                    _queue.Enqueue(again);
                }

                waiting = [];
            }
        }

        foreach (var lost in waiting)
        {
            lost.Sink.Fail(lost, new ObjectDisposedException(nameof(ProcessPool), "The pool was disposed before this item ran."));
        }

        if (replace)
        {
            Replace(worker);
        }

        if (chunk is null)
        {
            return;
        }

        var sink = chunk.Sink;
        Exception error = stop switch
        {
            WorkerStop.Timeout => new TimeoutException(
                $"{sink.Describe(chunk)} ran longer than the task timeout of {_options.TaskTimeout!.Value.TotalSeconds:0.###} s " +
                $"(ProcessPoolOptions.TaskTimeout{(chunk.Count > 1 ? $", × {chunk.Count} items in the chunk" : string.Empty)}); " +
                $"worker {worker.Index} (pid {worker.ProcessId}) was killed and replaced."),
            WorkerStop.Cancelled => new OperationCanceledException($"{sink.Describe(chunk)} was cancelled; worker {worker.Index} (pid {worker.ProcessId}) was killed and replaced."),
            WorkerStop.Disposed => new ObjectDisposedException(nameof(ProcessPool), $"The pool was disposed while {sink.Describe(chunk)} ran."),
            _ => new WorkerCrashedException(worker.Index, worker.ProcessId, worker.ExitCode, worker.DescribeExit(), sink.Describe(chunk),
                sink.Item(chunk.Offset), worker.StderrTail),
        };
        sink.Fail(chunk, error);
    }

    /// <summary>Gets the most chunks one worker has held at once so far (running plus waiting in its pipe); for tests.</summary>
    internal int MostChunksInFlight
    {
        get
        {
            lock (_gate)
            {
                return _mostInFlight;
            }
        }
    }

    /// <summary>The most chunks one worker holds at once (one running, the rest waiting in its pipe) while its chunks are tiny.</summary>
    /// <remarks>At chunk size 1 a lone request/reply costs two process wake-ups; with the next chunks already in the pipe
    /// the worker goes on without waiting for the pool, which is what Python's shared task queue gives its workers.</remarks>
    internal const int PipelineDepth = 8;

    /// <summary>Chunks that took a worker less than this (1 ms) count as tiny: worth queuing up, too short to unbalance the workers.</summary>
    private static readonly long TinyChunkTicks = Stopwatch.Frequency / 1000;

    /// <summary>The most bytes of frames queued behind a running chunk: well under a pipe's 64 KiB, so writing them never blocks.</summary>
    private const int PipelinedBytesLimit = 32 * 1024;

    private void Replace(WorkerConnection old)
    {
        WorkerConnection fresh;
        try
        {
            fresh = StartWorker(old.Index);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            FailQueued(new InvalidOperationException($"The pool could not start a worker to replace worker {old.Index}: {e.Message}", e));
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                fresh.Stop = WorkerStop.Disposed;
                fresh.Kill();
                return;
            }

            _workers[old.Index] = fresh;
        }

        Pump(fresh);
    }

    private void FailQueued(Exception error)
    {
        List<PoolChunk> queued;
        lock (_gate)
        {
            queued = [.. _queue];
            _queue.Clear();
        }

        foreach (var chunk in queued)
        {
            chunk.Sink.Fail(chunk, error);
        }
    }

    private void Cancel<T, TResult>(MapOperation<T, TResult> operation, CancellationToken cancellationToken)
    {
        var toKill = new List<WorkerConnection>();
        lock (_gate)
        {
            foreach (var worker in _workers)
            {
                if (worker is { Stop: WorkerStop.None } && ReferenceEquals(worker.Current?.Sink, operation))
                {
                    worker.Stop = WorkerStop.Cancelled;
                    toKill.Add(worker);
                }
            }
        }

        operation.Cancel(cancellationToken);
        foreach (var worker in toKill)
        {
            worker.Kill();
        }
    }

    private void KillOverdueWorkers()
    {
        var now = Stopwatch.GetTimestamp();
        var toKill = new List<WorkerConnection>();
        lock (_gate)
        {
            foreach (var worker in _workers)
            {
                if (worker is { Stop: WorkerStop.None, Current: not null, DeadlineTicks: > 0 } && now > worker.DeadlineTicks)
                {
                    worker.Stop = WorkerStop.Timeout;
                    toKill.Add(worker);
                }
            }
        }

        foreach (var worker in toKill)
        {
            worker.Kill();
        }
    }

    private List<WorkerConnection> BeginShutdown()
    {
        List<WorkerConnection> workers;
        lock (_gate)
        {
            if (_disposed)
            {
                return [];
            }

            _disposed = true;
            workers = _workers.Where(w => w is not null).Select(w => w!).ToList();
            foreach (var worker in workers)
            {
                worker.Stop = worker.Stop == WorkerStop.None ? WorkerStop.Disposed : worker.Stop;
            }
        }

        _timeoutTimer?.Dispose();
        FailQueued(new ObjectDisposedException(nameof(ProcessPool), "The pool was disposed before this item ran."));
        foreach (var worker in workers)
        {
            bool busy;
            lock (_gate)
            {
                busy = worker.Current is not null;
            }

            if (busy)
            {
                worker.Kill();
            }
            else
            {
                worker.CloseInput();
            }
        }

        return workers;
    }

    private void Shutdown()
    {
        var workers = BeginShutdown();
        var all = Task.WhenAll(workers.Select(w => w.Exited));
        if (!all.Wait(TimeSpan.FromSeconds(1)))
        {
            workers.ForEach(w => w.Kill());
            all.Wait(TimeSpan.FromSeconds(5));
        }
    }

    private async Task ShutdownAsync()
    {
        var workers = BeginShutdown();
        var all = Task.WhenAll(workers.Select(w => w.Exited));
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) != all)
        {
            workers.ForEach(w => w.Kill());
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }
}
