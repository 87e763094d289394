using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Receives the outcome of the chunks of one operation (a map, a submit, an initializer run).</summary>
internal abstract class ChunkSink
{
    private volatile bool _finished;

    /// <summary>Gets whether the operation has its outcome; its chunks still queued are skipped.</summary>
    public bool IsFinished => _finished;

    /// <summary>Delivers a chunk's results (or the remote error of one of its items).</summary>
    public abstract void Complete(PoolChunk chunk, ResultMessage result, WorkerConnection worker);

    /// <summary>Fails the operation because of a chunk (worker crash, timeout, cancellation, disposal).</summary>
    public abstract void Fail(PoolChunk chunk, Exception error);

    /// <summary>Returns the label of an item, such as "Square(3)".</summary>
    public abstract string Label(int index);

    /// <summary>Returns an item, for exceptions that carry it.</summary>
    public abstract object? Item(int index);

    /// <summary>Marks the operation as finished; returns false if it already was.</summary>
    protected bool TryFinish()
    {
        if (_finished)
        {
            return false;
        }

        lock (this)
        {
            if (_finished)
            {
                return false;
            }

            _finished = true;
            return true;
        }
    }

    /// <summary>Describes the items of a chunk for error messages: "Square(3)" or "Square(3) … Square(9) (7 items)".</summary>
    public string Describe(PoolChunk chunk) =>
        chunk.Count == 1 ? Label(chunk.Offset) : $"{Label(chunk.Offset)} … {Label(chunk.Offset + chunk.Count - 1)} (a chunk of {chunk.Count} items)";
}
