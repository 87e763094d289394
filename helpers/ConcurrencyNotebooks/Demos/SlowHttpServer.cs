using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Serves HTTP on 127.0.0.1 and answers every request after a fixed delay: a stand-in for a slow web API.</summary>
/// <remarks>
/// <para>The delay is awaited, not slept, so the server itself holds no thread per waiting request and
/// any number of requests can wait at once: the client side is what the demos measure.</para>
/// <para>Only loopback is bound. Dispose stops it. Counters are thread-safe.</para>
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
    private int _requestsServed;
    private int _inFlight;
    private int _maxInFlight;

    private SlowHttpServer(HttpListener listener, Uri baseAddress, TimeSpan delay)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        Delay = delay;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the delay before each answer.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets how many requests have been answered so far.</summary>
    public int RequestsServed => Volatile.Read(ref _requestsServed);

    /// <summary>Gets the largest number of requests that were waiting at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="delay">How long each request waits before its answer.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="delay"/> is negative.</exception>
    public static SlowHttpServer Start(TimeSpan delay)
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
                return new SlowHttpServer(listener, new Uri(prefix), delay);
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

    /// <summary>Stops listening and waits for the accept loop to end.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
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

        try
        {
            await Task.Delay(Delay, _stopping.Token).ConfigureAwait(false);
            var body = Encoding.UTF8.GetBytes($"answer to {context.Request.Url?.AbsolutePath}");
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            context.Response.Close();
            Interlocked.Increment(ref _requestsServed);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
