namespace ConcurrencyNotebooks.Processes;

/// <summary>Writes frames to one worker's stdin on a thread of its own, in the order they were posted.</summary>
/// <remarks>Posting never blocks, so no thread that reads a worker or keeps the pool's clock can wait on a full pipe.
/// A write that fails (the worker is gone) drops the rest: the worker's reader reports the exit.</remarks>
internal sealed class FrameOutbox
{
    private readonly Stream _stream;
    private readonly Queue<byte[]> _frames = new();
    private bool _closing;
    private bool _broken;

    /// <summary>Starts the writer thread for <paramref name="stream"/>.</summary>
    public FrameOutbox(Stream stream, string name)
    {
        _stream = stream;
        new Thread(WriteLoop) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Queues frames to be written together.</summary>
    public void Post(IReadOnlyList<byte[]> frames)
    {
        lock (_frames)
        {
            if (_closing || _broken)
            {
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

    private void Write(List<byte[]> batch)
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
            var total = batch.Sum(f => f.Length);
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
