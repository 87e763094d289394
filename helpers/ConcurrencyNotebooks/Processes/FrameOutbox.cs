namespace ConcurrencyNotebooks.Processes;

/// <summary>Writes frames to one worker's stdin on a thread of its own, in the order they were posted.</summary>
/// <remarks>Sending never blocks, so no thread that reads a worker or keeps the pool's clock can wait on a full pipe:
/// frames are written on the spot only when the pipe provably has room for them (<see cref="Send"/>), else by the
/// outbox's thread. A write that fails (the worker is gone) drops the rest: the worker's reader reports the exit.</remarks>
internal sealed class FrameOutbox
{
    private readonly Stream _stream;
    private readonly Queue<byte[]> _frames = new();
    private bool _writing;
    private bool _closing;
    private bool _broken;

    /// <summary>Starts the writer thread for <paramref name="stream"/>, a pipe of <paramref name="pipeCapacity"/> bytes (0: unknown).</summary>
    public FrameOutbox(Stream stream, int pipeCapacity, string name)
    {
        _stream = stream;
        PipeCapacity = pipeCapacity;
        new Thread(WriteLoop) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Gets the pipe's capacity in bytes, or 0 when it is not known.</summary>
    public int PipeCapacity { get; }

    /// <summary>Writes frames in order: on the calling thread when the outbox is idle and the pipe has room for every byte not
    /// yet read from it, else through the outbox's thread.</summary>
    /// <param name="frames">The frames.</param>
    /// <param name="unreadBound">An upper bound on the bytes in the pipe not yet read, these frames included.</param>
    public void Send(IReadOnlyList<byte[]> frames, long unreadBound)
    {
        lock (_frames)
        {
            if (_closing || _broken)
            {
                return;
            }

            // With no more unread bytes than the pipe holds, the write cannot block: the reader-side bound is exact, since a
            // worker reads a chunk's frames before it answers, and everything sent unanswered counts in the bound.
            if (!_writing && _frames.Count == 0 && unreadBound <= PipeCapacity)
            {
                try
                {
                    Write(frames);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    _broken = true;
                }

                return;
            }

            foreach (var frame in frames)
            {
                _frames.Enqueue(frame);
            }

            Monitor.Pulse(_frames);
        }
    }

    /// <summary>Closes the stream once the frames already posted are written (the worker exits when its stdin closes).</summary>
    public void Close()
    {
        lock (_frames)
        {
            _closing = true;
            Monitor.Pulse(_frames);
        }
    }

    private void WriteLoop()
    {
        var batch = new List<byte[]>();
        while (true)
        {
            bool close;
            lock (_frames)
            {
                while (_frames.Count == 0 && !_closing)
                {
                    Monitor.Wait(_frames);
                }

                batch.AddRange(_frames);
                _frames.Clear();
                close = _closing;
                _writing = batch.Count > 0;
            }

            try
            {
                Write(batch);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                lock (_frames)
                {
                    _broken = true;
                    _frames.Clear();
                }

                close = true;
            }

            batch.Clear();
            lock (_frames)
            {
                _writing = false;
            }

            if (close)
            {
                try
                {
                    _stream.Dispose();
                }
                catch (IOException)
                {
                    // The pipe is broken already: the worker is gone.
                }

                return;
            }
        }
    }

    private void Write(IReadOnlyList<byte[]> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (batch.Count == 1)
        {
            _stream.Write(batch[0]);
        }
        else
        {
            // One write for several frames: one wake-up of the worker instead of several.
            var total = 0;
            foreach (var frame in batch)
            {
                total += frame.Length;
            }

            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(total);
            try
            {
                var at = 0;
                foreach (var frame in batch)
                {
                    frame.CopyTo(buffer, at);
                    at += frame.Length;
                }

                _stream.Write(buffer, 0, total);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        _stream.Flush();
    }
}
