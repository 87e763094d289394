using System.Diagnostics;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Owns one worker process and its pipes: an outbox thread writes its frames, a reader thread reads its answers and
/// reports them to an <see cref="IWorkerListener"/>, a third thread keeps the tail of its stderr.</summary>
/// <remarks>It keeps no pool state. It reports nothing until <see cref="Listen"/> names its listener, so whoever started it
/// records the start before hearing of its Ready frame or its exit (the reader reads up to its first report and waits
/// there). Nothing the worker sends can throw on the reader thread: a corrupt frame ends the worker, with the reason in
/// <see cref="ProtocolError"/>.</remarks>
internal sealed class WorkerConnection
{
    private const int StderrLines = 20;
    private readonly Process _process;
    private readonly FrameOutbox _outbox;
    private readonly TaskCompletionSource<IWorkerListener> _listener = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderrTail = new();
    private readonly Thread _stderrReader;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isReady;
    private volatile bool _hasExited;

    private WorkerConnection(int index, Process process)
    {
        Index = index;
        _process = process;
        ProcessId = process.Id;
        var input = process.StandardInput.BaseStream;
        _outbox = new FrameOutbox(input, PipeCapacity.Of(input), $"process pool worker {index} writer");
        _stderrReader = new Thread(ReadStderr) { IsBackground = true, Name = $"process pool worker {index} stderr" };
        _stderrReader.Start();
        new Thread(ReadLoop) { IsBackground = true, Name = $"process pool worker {index} reader" }.Start();
    }

    /// <summary>Gets the worker's slot in the pool (kept by its replacement).</summary>
    public int Index { get; }

    /// <summary>Gets the worker's operating-system process id.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the exit code once the process has exited (128 + n when killed by signal n).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Gets whether the worker has sent its Ready frame (set when read, before the listener hears of it).</summary>
    public bool IsReady => _isReady;

    /// <summary>Gets whether the process has exited (set when seen, before the listener hears of it).</summary>
    public bool HasExited => _hasExited;

    /// <summary>Gets why the connection gave up on the worker's output (a corrupt or unknown frame), or null.</summary>
    public string? ProtocolError { get; private set; }

    /// <summary>Gets a task that completes once the process has exited and its pipes are drained.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Gets the last lines the worker wrote to stderr (its raw stdout goes there too).</summary>
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

    /// <summary>Starts a worker process that reports to <paramref name="listener"/> from the start.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not start.</exception>
    public static WorkerConnection Start(int index, IWorkerListener listener, params string[] arguments)
    {
        var worker = Start(index, held: false, arguments);
        worker.Listen(listener);
        return worker;
    }

    /// <summary>Starts a worker process, held (waiting for <see cref="Release"/> before its runtime starts) or not, that
    /// reports nothing until <see cref="Listen"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not start.</exception>
    public static WorkerConnection Start(int index, bool held, string[] arguments)
    {
        var process = new Process { StartInfo = held ? WorkerLauncher.HeldStartInfo(arguments) : WorkerLauncher.StartInfo(arguments) };
        process.Start();
        return new WorkerConnection(index, process);
    }

    /// <summary>Names the listener; what the reader has read meanwhile (a Ready frame, the exit) reaches it now, in order.</summary>
    /// <exception cref="InvalidOperationException">The connection already has a listener.</exception>
    public void Listen(IWorkerListener listener)
    {
        if (!_listener.TrySetResult(listener))
        {
            throw new InvalidOperationException($"Worker {Index} already reports to a listener.");
        }
    }

    /// <summary>Sends frames to the worker's stdin without blocking (see <see cref="FrameOutbox.Send"/>).</summary>
    /// <param name="frames">The frames.</param>
    /// <param name="unreadBound">An upper bound on the bytes in the pipe not yet read, these frames included; use
    /// <see cref="long.MaxValue"/> when unknown.</param>
    public void Send(IReadOnlyList<byte[]> frames, long unreadBound = long.MaxValue) => _outbox.Send(frames, unreadBound);

    /// <summary>Lets a held worker start its runtime; frames sent after this follow the release line in its stdin.</summary>
    public void Release() => _outbox.Send([WorkerLauncher.ReleaseLine], long.MaxValue);

    /// <summary>Closes the worker's stdin after the frames already sent, which tells it to exit once idle.</summary>
    public void CloseInput() => _outbox.Close();

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

    /// <summary>Waits, on the reader thread, until <see cref="Listen"/> names the listener.</summary>
    private IWorkerListener Listener => _listener.Task.GetAwaiter().GetResult();

    private void ReadLoop()
    {
        try
        {
            var frames = new FrameReader(_process.StandardOutput.BaseStream);
            while (frames.TryReadFrame(out var kind, out var payload))
            {
                switch (kind)
                {
                    case FrameKind.Ready:
                        ReadyMessage.Read(payload);
                        _isReady = true;
                        Listener.OnReady(this);
                        break;
                    case FrameKind.ItemStarted:
                        Listener.OnItemStarted(this, ItemStartedMessage.Read(payload));
                        break;
                    case FrameKind.Result:
                        Listener.OnResult(this, ResultMessage.Read(payload), frames.HasBufferedFrame);
                        break;
                    default:
                        throw new InvalidDataException($"The worker sent a frame of unknown kind {(byte)kind}.");
                }
            }
        }
        catch (Exception e)
        {
            // A corrupt frame, a broken pipe, or a listener bug: the worker is of no further use, and nothing escapes this thread.
            ProtocolError = e switch
            {
                InvalidDataException => e.Message,
                IOException or ObjectDisposedException => null,
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            Kill();
        }
        finally
        {
            Finish();
        }
    }

    private void Finish()
    {
        try
        {
            if (!_process.WaitForExit(5000))
            {
                Kill();
                _process.WaitForExit(5000);
            }

            ExitCode = _process.HasExited ? _process.ExitCode : null;
            _stderrReader.Join(1000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The process object is unusable: the exit code stays unknown.
        }

        _outbox.Close();
        _process.Dispose();
        _hasExited = true;
        try
        {
            Listener.OnExited(this);
        }
        catch (Exception)
        {
            // Nothing may escape a pool thread into the kernel; the listener reports its own faults.
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    private void ReadStderr()
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } line)
            {
                lock (_stderrTail)
                {
                    _stderrTail.Enqueue(line);
                    if (_stderrTail.Count > StderrLines)
                    {
                        _stderrTail.Dequeue();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe closed with the process.
        }
    }
}
