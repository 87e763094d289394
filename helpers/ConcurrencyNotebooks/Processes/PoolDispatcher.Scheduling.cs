using System.Diagnostics;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Scheduling: which chunk goes to which Serving worker, how many wait in its pipe, and what its answers do.</summary>
internal sealed partial class PoolDispatcher
{
    /// <summary>The most chunks one worker holds at once (one running, the rest waiting in its pipe) while its chunks are tiny.</summary>
    /// <remarks>At chunk size 1 a lone request/reply costs two process wake-ups; with the next chunks already in the pipe
    /// the worker goes on without waiting for the pool, which is what Python's shared task queue gives its workers.</remarks>
    internal const int PipelineDepth = 8;

    /// <summary>The most bytes of frames queued to one worker behind its running chunk: the rest stays in the pool's queue
    /// for whichever worker frees up first.</summary>
    private const int PipelinedBytesLimit = 32 * 1024;

    /// <summary>Chunks that took a worker less than this (1 ms) count as tiny: worth queuing up, too short to unbalance the workers.</summary>
    private static readonly long TinyChunkTicks = Stopwatch.Frequency / 1000;

    private void OnSubmit(IReadOnlyList<PoolChunk> chunks)
    {
        if (!IsOpen)
        {
            foreach (var chunk in chunks)
            {
                chunk.Sink.Fail(chunk, CurrentFailure());
            }

            return;
        }

        foreach (var chunk in chunks)
        {
            _queue.Enqueue(chunk);
        }

        foreach (var slot in _slots)
        {
            Pump(slot);
        }
    }

    /// <summary>Sends a Serving worker the next live chunks: one when it is idle, more while its chunks are tiny.</summary>
    /// <remarks>Only a worker that is up takes chunks: on a cold pool the first workers up run the first items rather than
    /// leave them waiting in the pipe of a worker still starting.</remarks>
    private void Pump(WorkerSlot slot)
    {
        if (slot.State != WorkerState.Serving)
        {
            return;
        }

        List<byte[]>? frames = null;
        while (_queue.TryPeek(out var chunk) && HasRoom(slot, chunk))
        {
            if (chunk.Sink.IsFinished)
            {
                _queue.Dequeue();
                continue;
            }

            var load = !slot.LoadedFunctions.Contains(chunk.Function.Id);
            var bytes = chunk.RunFrame.Length + (load ? chunk.Function.LoadFrame.Length : 0);
            if (slot.InFlightCount > 0 && slot.InFlightBytes + bytes > PipelinedBytesLimit)
            {
                break;
            }

            _queue.Dequeue();
            frames ??= new List<byte[]>(2);
            if (load)
            {
                slot.LoadedFunctions.Add(chunk.Function.Id);
                frames.Add(chunk.Function.LoadFrame);
            }

            frames.Add(chunk.RunFrame);
            slot.AddInFlight(chunk, bytes);
            _mostInFlight = Math.Max(_mostInFlight, slot.InFlightCount);
        }

        if (frames is not null)
        {
            slot.Connection!.Send(frames, slot.InFlightBytes);
        }
    }

    /// <summary>Tells whether a worker may take <paramref name="chunk"/> now: when idle, or behind others while its last
    /// chunk of the same function was tiny (an initializer's or another function's speed says nothing about this one).</summary>
    private bool HasRoom(WorkerSlot slot, PoolChunk chunk)
    {
        var inFlight = slot.InFlightCount;
        if (inFlight == 0)
        {
            return true;
        }

        if (slot.LastChunkTicks == 0 || slot.LastChunkTicks > TinyChunkTicks || slot.LastChunkFunctionId != chunk.Function.Id)
        {
            return false;
        }

        var tasksLeft = _options.MaxTasksPerWorker > 0 ? _options.MaxTasksPerWorker - slot.ChunksDone : int.MaxValue;
        return inFlight < Math.Min(PipelineDepth, tasksLeft);
    }

    /// <summary>Puts chunks that never started back at the front of the queue, in their order.</summary>
    private void Requeue(IEnumerable<PoolChunk> chunks)
    {
        var again = chunks.Where(c => c.Sink is not InitializerSink).ToList();
        if (again.Count == 0)
        {
            return;
        }

        var rest = _queue.ToArray();
        _queue.Clear();
        foreach (var chunk in again.Concat(rest))
        {
            _queue.Enqueue(chunk);
        }
    }

    /// <summary>Returns when an item that starts now times out, or 0 without a task timeout.</summary>
    /// <remarks>The clock starts when the worker reports the item started, not when it was sent: a worker still starting
    /// up (seconds on a loaded machine) has not used any of the item's time.</remarks>
    private long Deadline() => _timeoutTicks > 0 ? Stopwatch.GetTimestamp() + _timeoutTicks : 0;

    private void OnItemStarted(WorkerConnection worker, ItemStartedMessage message)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection == worker && slot.Current is { } chunk && chunk.TaskId == message.TaskId)
        {
            slot.CurrentItem = message.Index;
            slot.DeadlineTicks = Deadline();
        }
    }

    private void OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered)
    {
        var slot = _slots[worker.Index];
        if (slot.Connection != worker || slot.State == WorkerState.Stopping)
        {
            return;
        }

        if (slot.Current is not { } chunk || chunk.TaskId != result.TaskId)
        {
            slot.MoveTo(WorkerState.Stopping, WorkerStop.ProtocolError);
            worker.Kill();
            return;
        }

        slot.CompleteCurrent();
        slot.DeadlineTicks = 0;
        if (result.StartTicks.Length > 0)
        {
            slot.LastChunkTicks = Math.Max(1, result.EndTicks[^1] - result.StartTicks[0]);
            slot.LastChunkFunctionId = chunk.Function.Id;
        }

        if (_options.EchoWorkerOutput && result.Output.Length > 0)
        {
            Console.Out.Write(result.Output);
        }

        if (chunk.Sink is InitializerSink)
        {
            OnInitializerDone(slot, worker, chunk, result);
            return;
        }

        slot.ChunksDone++;
        if (_options.MaxTasksPerWorker > 0 && slot.ChunksDone >= _options.MaxTasksPerWorker)
        {
            RetireWorker(slot, worker);
        }
        else if (!moreBuffered)
        {
            Pump(slot);
        }

        if (_options.Timeline is { } timeline)
        {
            PoolSpans.Record(timeline, chunk, result, worker);
        }

        chunk.Sink.Complete(chunk, result, worker);
    }

    /// <summary>Kills the workers running a chunk of <paramref name="sink"/>; each is replaced when it exits.</summary>
    private void OnCancel(ChunkSink sink)
    {
        foreach (var slot in _slots)
        {
            if (slot.State == WorkerState.Serving && ReferenceEquals(slot.Current?.Sink, sink))
            {
                slot.MoveTo(WorkerState.Stopping, WorkerStop.Cancelled);
                slot.Connection!.Kill();
            }
        }
    }

    /// <summary>Kills the workers whose running item (an initializer's too) is past its deadline.</summary>
    private void OnTick()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var slot in _slots)
        {
            if (slot is { State: WorkerState.Initializing or WorkerState.Serving, DeadlineTicks: > 0 } && now > slot.DeadlineTicks)
            {
                slot.MoveTo(WorkerState.Stopping, WorkerStop.Timeout);
                slot.Connection!.Kill();
            }
        }
    }
}
