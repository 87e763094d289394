using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Serves HTTP on 127.0.0.1 and answers every request after a fixed delay: a stand-in for a slow web API.</summary>
/// <remarks>
/// <para>The delay is awaited, not slept, so the server itself holds no thread per waiting request and
/// any number of requests can wait at once: the client side is what the demos measure.</para>
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
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly Func<CancellationToken, Task>? _arrived;
    private readonly Func<Task>? _answerSent;

    // Guards taking a request in and counting its answer against Dispose: once stopping, neither happens,
    // and _open (the requests taken in and not yet done with) only falls.
    private readonly object _answering = new();
    private int _open;
    private int _requestsServed;
    private int _inFlight;
    private int _maxInFlight;
    private readonly List<RequestPeak> _peaks = [];

    private SlowHttpServer(HttpListener listener, Uri baseAddress, TimeSpan delay, Func<CancellationToken, Task>? arrived, Func<Task>? answerSent)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        Delay = delay;
        _arrived = arrived;
        _answerSent = answerSent;
        _acceptLoop = Task.Run(AcceptLoopAsync);
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
    /// <param name="arrived">Awaited once a request counts as in flight, before its delay; given the stopping token.</param>
    /// <param name="answerSent">Awaited once an answer's bytes are sent, before its response is closed.</param>
    /// <returns>The running server.</returns>
    internal static SlowHttpServer Start(TimeSpan delay, Func<CancellationToken, Task>? arrived, Func<Task>? answerSent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var prefix = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new SlowHttpServer(listener, new Uri(prefix), delay, arrived, answerSent);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
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

            // Closing the listener drops its connections (on Linux with an empty 200), so first let every request
            // taken in end its own way: a counted answer reaches its client, a waiting request gets its 503.
            while (_open > 0 && Monitor.Wait(_answering, TimeSpan.FromSeconds(5)))
            {
            }
        }

        _listener.Close();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by an exception from the closed listener: nothing to report.
        }

        _stopping.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            bool takenIn;
            lock (_answering)
            {
                takenIn = !_stopping.IsCancellationRequested;
                _open += takenIn ? 1 : 0;
            }

            if (!takenIn)
            {
                Refuse(context);
                continue;
            }

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
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
            if (_arrived is { } arrived)
            {
                await arrived(_stopping.Token).ConfigureAwait(false);
            }

            await Task.Delay(Delay, _stopping.Token).ConfigureAwait(false);
            var body = Encoding.UTF8.GetBytes($"answer to {context.Request.Url?.AbsolutePath}");
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength64 = body.Length;

            // The client may read the answer before Write or Close return, so the counters move before the first byte.
            counted = TryCount();
            if (!counted)
            {
                Refuse(context);
                return;
            }

            await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            if (_answerSent is { } answerSent)
            {
                await answerSent().ConfigureAwait(false);
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // Stopping, or the client left. A counted answer stays counted: the server did give it.
            if (counted)
            {
                context.Response.Abort();
            }
            else
            {
                Refuse(context);
            }
        }
        finally
        {
            Finished(counted);
        }
    }

    /// <summary>Ends a request that gets no answer with 503, which a client reports as an error.</summary>
    /// <remarks>Abort alone does not do: Linux's managed listener then flushes an empty 200 that reads as an empty answer.</remarks>
    private static void Refuse(HttpListenerContext context)
    {
        try
        {
            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The listener is closed already: the connection goes with it.
        }

        context.Response.Abort();
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
