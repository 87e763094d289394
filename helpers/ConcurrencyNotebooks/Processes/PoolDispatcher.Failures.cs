namespace ConcurrencyNotebooks.Processes;

/// <summary>Failures: breaking the pool, and the errors a chunk gets when its worker is stopped or dies.</summary>
internal sealed partial class PoolDispatcher
{
    /// <summary>Moves the pool to broken: queued and running work fails with the error, workers are killed, none replaced.</summary>
    private void Break(Func<Exception> error)
    {
        if (_broken is not null)
        {
            return;
        }

        _broken = error;
        FailAllServing(error());
        _clock?.Stop();
        FailQueued();
        StopEveryWorker(WorkerStop.Broken);
    }

    /// <summary>Moves every slot with a process to Stopping (the first reason stays) and kills the process.</summary>
    private void StopEveryWorker(WorkerStop stop)
    {
        foreach (var slot in _slots)
        {
            if (slot.Connection is { } worker)
            {
                slot.BeginStopping(stop);
                worker.Kill();
            }
        }
    }

    /// <summary>Returns the error of work the pool will not run: the pool's failure when broken, else its disposal.</summary>
    private Exception CurrentFailure() =>
        _broken?.Invoke() ?? new ObjectDisposedException(nameof(ProcessPool), "The pool was disposed before this item ran.");

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var chunk))
        {
            if (!chunk.Sink.IsFinished)
            {
                chunk.Sink.Fail(chunk, CurrentFailure());
            }
        }
    }

    /// <summary>Fails <see cref="AllServing"/> unless it completed, and marks the error observed: most pools never wait on it.</summary>
    private void FailAllServing(Exception error)
    {
        if (_allServing.TrySetException(error))
        {
            _ = _allServing.Task.Exception;
        }
    }

    /// <summary>Builds the error of a pool whose initializer failed in a worker, as Python's BrokenProcessPool.</summary>
    /// <param name="chunk">The initializer's chunk.</param>
    /// <param name="worker">The worker it failed in.</param>
    /// <param name="what">What happened, such as "threw InvalidOperationException" or "died (exit code 3)".</param>
    /// <param name="detail">Text after the worker's name, such as ": its message", or empty.</param>
    /// <param name="inner">The initializer's own error, when it threw one.</param>
    private static PoolBrokenException InitializerBroke(PoolChunk chunk, WorkerConnection worker, string what, string detail, Exception? inner) =>
        new($"{chunk.Sink.Label(0)} {what} in worker {worker.Index} (pid {worker.ProcessId}){detail}. " +
            "The pool is broken, as Python's is when an initializer fails: fix the initializer, dispose this pool and create a new one." +
            (inner is null ? StderrSuffix(worker) : string.Empty), inner);

    /// <summary>Builds the error of a chunk whose worker exited while running it, from why the pool stopped it (if it did).</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="item">The index, within the chunk, of the item the worker last reported started.</param>
    /// <param name="stop">Why the pool stopped the worker, or None when it died on its own.</param>
    /// <param name="worker">The worker.</param>
    private Exception ChunkFailure(PoolChunk chunk, int item, WorkerStop stop, WorkerConnection worker)
    {
        var sink = chunk.Sink;
        var index = chunk.Offset + Math.Clamp(item, 0, chunk.Count - 1);
        var who = $"worker {worker.Index} (pid {worker.ProcessId})";
        return stop switch
        {
            WorkerStop.Timeout => new TimeoutException(
                $"{sink.Label(index)} ran longer than the task timeout of {_options.TaskTimeout!.Value.TotalSeconds:0.###} s " +
                $"(ProcessPoolOptions.TaskTimeout, per item); {who} was killed and replaced."),
            WorkerStop.Cancelled => new OperationCanceledException($"{sink.Describe(chunk)} was cancelled; {who} was killed and replaced."),
            WorkerStop.Disposed => new ObjectDisposedException(nameof(ProcessPool), $"The pool was disposed while {sink.Describe(chunk)} ran."),
            WorkerStop.Broken => CurrentFailure(),
            _ when stop == WorkerStop.ProtocolError || worker.ProtocolError is not null => new WorkerCrashedException(worker.Index, worker.ProcessId,
                worker.ExitCode, $"it broke the pool's protocol ({worker.ProtocolError ?? "it answered a chunk it was not running"}), so the pool killed it",
                sink.Describe(chunk), sink.Item(index), worker.StderrTail),
            _ => new WorkerCrashedException(worker.Index, worker.ProcessId, worker.ExitCode, worker.DescribeExit(), sink.Describe(chunk),
                sink.Item(index), worker.StderrTail),
        };
    }

    private static string StderrSuffix(WorkerConnection worker) =>
        worker.StderrTail is { Length: > 0 } tail ? $"{Environment.NewLine}Its last stderr lines:{Environment.NewLine}{tail}" : string.Empty;
}
