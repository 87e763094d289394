using System.Diagnostics;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Owns one worker process: its pipes, a reader thread for its frames, and the state the pool keeps about it.</summary>
/// <remarks>Fields marked "pool lock" are read and written only under the owning pool's lock.</remarks>
internal sealed class WorkerConnection
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly object _sendLock = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly Action<WorkerConnection, long, ChunkResult, bool> _onResult;
    private readonly Action<WorkerConnection> _onExit;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<(PoolChunk Chunk, int Bytes)> _inFlight = new();
    private bool _inputClosed;

    private WorkerConnection(int index, Process process, Action<WorkerConnection, long, ChunkResult, bool> onResult, Action<WorkerConnection> onExit)
    {
        Index = index;
        _process = process;
        ProcessId = process.Id;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _onResult = onResult;
        _onExit = onExit;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderrTail)
            {
                _stderrTail.Enqueue(e.Data);
                if (_stderrTail.Count > 20)
                {
                    _stderrTail.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
        new Thread(ReadLoop) { IsBackground = true, Name = $"process pool worker {index} reader" }.Start();
    }

    /// <summary>Gets the worker's slot in the pool (kept by its replacement).</summary>
    public int Index { get; }

    /// <summary>Gets the worker's operating-system process id.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the ids of the functions this worker has loaded (pool lock).</summary>
    public HashSet<int> LoadedFunctions { get; } = [];

    /// <summary>Gets how many chunks were sent to the worker and not yet answered (pool lock).</summary>
    /// <remarks>The first one is running; the others wait in the pipe (see <c>ProcessPool.PipelineDepth</c>).</remarks>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Gets the bytes of the frames sent for the chunks in flight, load frames included (pool lock).</summary>
    public long InFlightBytes { get; private set; }

    /// <summary>Gets the chunk the worker is running, or null when it is idle (pool lock).</summary>
    public PoolChunk? Current => _inFlight.Count > 0 ? _inFlight.Peek().Chunk : null;

    /// <summary>Records a chunk as sent, with the bytes of its frames (pool lock).</summary>
    public void AddInFlight(PoolChunk chunk, int bytes)
    {
        _inFlight.Enqueue((chunk, bytes));
        InFlightBytes += bytes;
    }

    /// <summary>Removes the running chunk, answered now, and returns it; the next one in flight becomes <see cref="Current"/> (pool lock).</summary>
    public PoolChunk CompleteCurrent()
    {
        var (chunk, bytes) = _inFlight.Dequeue();
        InFlightBytes -= bytes;
        return chunk;
    }

    /// <summary>Removes and returns every chunk in flight, the running one first (pool lock).</summary>
    public PoolChunk[] TakeAllInFlight()
    {
        var all = _inFlight.Select(entry => entry.Chunk).ToArray();
        _inFlight.Clear();
        InFlightBytes = 0;
        return all;
    }

    /// <summary>Gets or sets how long the worker took over its last chunk, in Stopwatch ticks, or 0 before the first (pool lock).</summary>
    public long LastChunkTicks { get; set; }

    /// <summary>Gets or sets when the current chunk times out, in Stopwatch ticks, or 0 (pool lock).</summary>
    public long DeadlineTicks { get; set; }

    /// <summary>Gets the lock that orders sends: hold it from choosing chunks to writing them, so the pipe gets them in the order of the chunks in flight.</summary>
    /// <remarks>Take it before the pool lock, never after.</remarks>
    public object SendGate => _sendLock;

    /// <summary>Gets or sets how many user chunks the worker has finished (pool lock).</summary>
    public int ChunksDone { get; set; }

    /// <summary>Gets or sets why the pool is stopping the worker (pool lock).</summary>
    public WorkerStop Stop { get; set; }

    /// <summary>Gets or sets the error of the pool's initializer in this worker, if it threw (pool lock).</summary>
    public Exception? InitializerError { get; set; }

    /// <summary>Gets the exit code once the process has exited (128 + n when killed by signal n).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Gets a task that completes once the process has exited and its pipes are drained.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Gets the last lines the worker wrote to stderr.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return string.Join(Environment.NewLine, _stderrTail);
            }
        }
    }

    /// <summary>Starts a worker process.</summary>
    public static WorkerConnection Start(int index, Action<WorkerConnection, long, ChunkResult, bool> onResult, Action<WorkerConnection> onExit, params string[] arguments)
    {
        var process = new Process { StartInfo = WorkerLauncher.StartInfo(arguments) };
        process.Start();
        return new WorkerConnection(index, process, onResult, onExit);
    }

    /// <summary>Writes frames to the worker's stdin; a broken pipe is left to the reader thread, which sees the exit.</summary>
    public void Send(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default)
    {
        lock (_sendLock)
        {
            if (_inputClosed)
            {
                return;
            }

            try
            {
                _input.Write(first);
                if (!second.IsEmpty)
                {
                    _input.Write(second);
                }

                _input.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The worker is gone; ReadLoop reports it.
            }
        }
    }

    /// <summary>Writes several frames to the worker's stdin with one write (nothing when <paramref name="frames"/> is empty).</summary>
    public void Send(IReadOnlyList<byte[]> frames)
    {
        switch (frames.Count)
        {
            case 0:
                return;
            case 1:
                Send(frames[0]);
                return;
        }

        var total = frames.Sum(f => f.Length);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var at = 0;
            foreach (var frame in frames)
            {
                frame.CopyTo(buffer, at);
                at += frame.Length;
            }

            Send(buffer.AsSpan(0, total));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the worker's stdin, which tells it to exit once idle.</summary>
    public void CloseInput()
    {
        lock (_sendLock)
        {
            if (_inputClosed)
            {
                return;
            }

            _inputClosed = true;
            try
            {
                _input.Dispose();
            }
            catch (IOException)
            {
                // Already broken: the process is exiting anyway.
            }
        }
    }

    /// <summary>Kills the worker process (SIGKILL); the reader thread then reports the exit.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    /// <summary>Describes how the process ended, such as "killed by signal 9 (SIGKILL)" or "exit code 3".</summary>
    public string DescribeExit() => ExitCode switch
    {
        null => "still running",
        > 128 and < 160 and var code => $"killed by signal {code - 128}{SignalName(code - 128)} (exit code {code})",
        var code => $"exit code {code}",
    };

    private static string SignalName(int signal) => signal switch
    {
        9 => " (SIGKILL)",
        15 => " (SIGTERM)",
        6 => " (SIGABRT)",
        11 => " (SIGSEGV)",
        _ => string.Empty,
    };

    private void ReadLoop()
    {
        var frames = new FrameReader(_output);
        try
        {
            while (frames.TryReadFrame(out var kind, out var payload))
            {
                if (kind != FrameKind.Result)
                {
                    continue;
                }

                var reader = new WireReader(payload);
                var taskId = reader.ReadInt64();
                var result = ChunkResult.Parse(ref reader);
                _onResult(this, taskId, result, frames.HasBufferedFrame);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            // A broken pipe or a corrupt frame: the worker is of no further use.
            Kill();
        }
        finally
        {
            if (!_process.WaitForExit(5000))
            {
                Kill();
                _process.WaitForExit(5000);
            }

            ExitCode = _process.HasExited ? _process.ExitCode : null;
            CloseInput();
            try
            {
                _onExit(this);
            }
            finally
            {
                _process.Dispose();
                _exited.TrySetResult();
            }
        }
    }
}
