using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Serves HTTP on 127.0.0.1 and answers every request after a fixed delay: a stand-in for a slow web API.</summary>
/// <remarks>
/// <para>The server runs on threads of its own, never on the thread pool: one that accepts connections and one per
/// connection, which reads a request, waits out the delay and answers. So a demo that starves the pool with blocking
/// downloads starves only its own side: the server answers on time whatever the pool is doing.</para>
/// <para>Only loopback is bound. Dispose stops it. Counters are thread-safe, and a request leaves the in-flight count
/// and joins the served count before the first byte of its answer is sent, so a client that has its answer reads
/// counters that already include it.</para>
/// </remarks>
/// <example><code>
/// using (var server = SlowHttpServer.Start(TimeSpan.FromMilliseconds(100)))
/// {
///     var text = await new HttpClient().GetStringAsync(server.Url("item/1"));
/// }
/// </code></example>
public sealed class SlowHttpServer : IDisposable
{
    private static readonly TimeSpan AcceptPoll = TimeSpan.FromMilliseconds(100);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _acceptThread;
    private readonly Func<CancellationToken, Task>? _arrived;
    private readonly Func<Task>? _answerSent;

    // Guards taking a request in and counting its answer against Dispose: once stopping, neither happens,
    // and _open (the requests taken in and not yet done with) only falls. Also guards _connections.
    private readonly object _answering = new();
    private readonly HashSet<Socket> _connections = [];
    private int _open;
    private int _requestsServed;
    private int _inFlight;
    private int _maxInFlight;
    private readonly List<RequestPeak> _peaks = [];

    private SlowHttpServer(Socket listener, TimeSpan delay, Func<CancellationToken, Task>? arrived, Func<Task>? answerSent)
    {
        _listener = listener;
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/");
        Delay = delay;
        _arrived = arrived;
        _answerSent = answerSent;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "SlowHttpServer accept" };
        _acceptThread.Start();
    }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the delay before each answer.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets how many requests have been answered so far; a client holding an answer finds it counted.</summary>
    public int RequestsServed => Volatile.Read(ref _requestsServed);

    /// <summary>Gets how many requests are waiting for their answer now.</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the largest number of requests that were waiting at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts watching the most requests in flight at once from now on, apart from what the server saw before.</summary>
    /// <returns>A watch; dispose it to stop watching.</returns>
    /// <example><code>
    /// using (var peak = server.WatchPeak()) { pool.Map(IoWork.Get, urls); Console.WriteLine(peak.MaxConcurrentRequests); }
    /// </code></example>
    public RequestPeak WatchPeak()
    {
        lock (_peaks)
        {
            var peak = new RequestPeak(RequestsInFlight, stopped =>
            {
                lock (_peaks)
                {
                    _peaks.Remove(stopped);
                }
            });
            _peaks.Add(peak);
            return peak;
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="delay">How long each request waits before its answer.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="delay"/> is negative.</exception>
    public static SlowHttpServer Start(TimeSpan delay) => Start(delay, arrived: null, answerSent: null);

    /// <summary>Starts a server whose tests can hold a request where they need it: no timing involved.</summary>
    /// <param name="delay">How long each request waits before its answer.</param>
    /// <param name="arrived">Waited for once a request counts as in flight, before its delay; given the stopping token.</param>
    /// <param name="answerSent">Waited for once an answer's bytes are sent, before the request is done with.</param>
    /// <returns>The running server.</returns>
    internal static SlowHttpServer Start(TimeSpan delay, Func<CancellationToken, Task>? arrived, Func<Task>? answerSent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(512);
            return new SlowHttpServer(listener, delay, arrived, answerSent);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Builds the absolute address of <paramref name="path"/> on this server.</summary>
    /// <param name="path">A relative path such as <c>item/3</c>.</param>
    /// <returns>The absolute URL.</returns>
    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>Stops listening: answers already counted are sent in full, waiting requests are refused uncounted.</summary>
    /// <remarks>When it returns, the counters are final.</remarks>
    public void Dispose()
    {
        lock (_answering)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            // Under the lock: from here on no request is taken in and none is counted.
            _stopping.Cancel();

            // Let every request taken in end its own way first: a counted answer reaches its client, a waiting
            // request gets its 503.
            while (_open > 0 && Monitor.Wait(_answering, TimeSpan.FromSeconds(5)))
            {
            }

            foreach (var connection in _connections)
            {
                Close(connection);
            }
        }

        _acceptThread.Join(TimeSpan.FromSeconds(5));
        _listener.Dispose();
    }

    private void AcceptLoop()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                // Polls, so that Dispose never depends on closing a socket under a blocked accept.
                if (!_listener.Poll(AcceptPoll, SelectMode.SelectRead))
                {
                    continue;
                }

                var connection = _listener.Accept();
                lock (_answering)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        Close(connection);
                        return;
                    }

                    _connections.Add(connection);
                }

                new Thread(() => Serve(connection)) { IsBackground = true, Name = "SlowHttpServer connection" }.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener is closed: the server is stopping.
        }
    }

    /// <summary>Answers the requests of one connection, one after the other, until the client or Dispose closes it.</summary>
    private void Serve(Socket connection)
    {
        var reader = new HttpRequestReader(connection);
        try
        {
            while (reader.ReadRequest() is { } request)
            {
                bool takenIn;
                lock (_answering)
                {
                    takenIn = !_stopping.IsCancellationRequested;
                    _open += takenIn ? 1 : 0;
                }

                if (!takenIn || !Answer(connection, request.Path) || request.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // The client left, or the server is stopping.
        }
        finally
        {
            lock (_answering)
            {
                _connections.Remove(connection);
            }

            Close(connection);
        }
    }

    /// <summary>Answers one request taken in, after the delay, or refuses it when the server stops first.</summary>
    /// <returns>Whether the connection can take another request.</returns>
    private bool Answer(Socket connection, string path)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        lock (_peaks)
        {
            foreach (var peak in _peaks)
            {
                peak.Observe(now);
            }
        }

        var counted = false;
        try
        {
            _arrived?.Invoke(_stopping.Token).GetAwaiter().GetResult();

            // A wait on this thread, not a timer: the pool takes no part in answering.
            _stopping.Token.WaitHandle.WaitOne(Delay);

            // The client may read the answer before Send returns, so the counters move before the first byte.
            counted = TryCount();
            if (!counted)
            {
                Refuse(connection);
                return false;
            }

            var body = Encoding.UTF8.GetBytes($"answer to {path}");
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
            connection.Send([.. head, .. body]);
            _answerSent?.Invoke().GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            Refuse(connection);
            return false;
        }
        finally
        {
            Finished(counted);
        }
    }

    /// <summary>Ends a request that gets no answer with 503, which a client reports as an error, and closes its connection.</summary>
    private static void Refuse(Socket connection)
    {
        try
        {
            connection.Send("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client left already.
        }

        Close(connection);
    }

    private static void Close(Socket connection)
    {
        try
        {
            connection.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed already, or never fully connected.
        }

        connection.Dispose();
    }

    /// <summary>Moves a request from in flight to served, unless the server is stopping.</summary>
    private bool TryCount()
    {
        lock (_answering)
        {
            if (_stopping.IsCancellationRequested)
            {
                return false;
            }

            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _requestsServed);
            return true;
        }
    }

    /// <summary>Ends a request, counted or not, and wakes a Dispose waiting for it.</summary>
    private void Finished(bool counted)
    {
        lock (_answering)
        {
            if (!counted)
            {
                Interlocked.Decrement(ref _inFlight);
            }

            _open--;
            Monitor.PulseAll(_answering);
        }
    }
}
