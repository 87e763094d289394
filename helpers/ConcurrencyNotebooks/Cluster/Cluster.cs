using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Cluster.Grains;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;

namespace ConcurrencyNotebooks.Clusters;

/// <summary>A real Orleans cluster on this machine: N silo processes on loopback ports and this notebook's client.</summary>
/// <remarks>
/// <para>Each silo is its own process (ConcurrencyNotebooks.Silo, next to this library) with development clustering: the
/// first silo keeps the membership table, the others join it. The client knows every silo's gateway and sends each grain's
/// calls through one of them, picked by the grain id's hash, so calls to different grains spread over the silos. Every
/// endpoint listens on 127.0.0.1 only.</para>
/// <para>A silo ends when its stdin closes or its parent process dies, so no silo outlives the notebook; re-running the
/// cell that started a cluster disposes the cluster the old variable held.</para>
/// </remarks>
/// <example><code>
/// await using var cluster = await Cluster.StartAsync(silos: 3);
/// var squares = await cluster.MapAsync(Square, new[] { 1, 2, 3, 4 });
/// </code></example>
public sealed partial class Cluster : IAsyncDisposable
{
    private readonly SiloProcess[] _silos;
    private readonly IHost _client;
    private int _disposed;

    private Cluster(SiloProcess[] silos, IHost client, TimeSpan startTime, IReadOnlyList<(string Step, TimeSpan Took)> startSteps)
    {
        _silos = silos;
        _client = client;
        StartTime = startTime;
        StartSteps = startSteps;
    }

    /// <summary>Gets how long the start took, from the first process start to every silo active in the membership table.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Gets where <see cref="StartTime"/> went: each step of the start and how long it took, in order.</summary>
    public IReadOnlyList<(string Step, TimeSpan Took)> StartSteps { get; }

    /// <summary>Gets the silo processes' ids, primary first.</summary>
    public IReadOnlyList<int> ProcessIds => _silos.Select(s => s.ProcessId).ToArray();

    /// <summary>Gets the silos' gateway ports (what the client connects to), primary first.</summary>
    public IReadOnlyList<int> GatewayPorts => _silos.Select(s => s.GatewayPort).ToArray();

    /// <summary>Gets or sets where the functions' console output goes (tests); null means Console.Out at the time of the write.</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>Gets the client, for calling grains of your own.</summary>
    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts <paramref name="silos"/> silo processes, connects a client to all of them and returns once the
    /// membership table shows every silo active.</summary>
    /// <param name="silos">How many silos (processes) to start.</param>
    /// <param name="timeout">The bound on the whole start (default 60 s); past it, everything started is stopped.</param>
    /// <param name="cancellationToken">Stops the start; none means the notebook cell's Stop button.</param>
    /// <exception cref="TimeoutException">The cluster did not come up within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">A silo process exited before it started (its last messages are in the text).</exception>
    public static async Task<Cluster> StartAsync(int silos = 3, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var bound = timeout ?? TimeSpan.FromSeconds(60);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(bound);
        ShadowedPools.Track();
        FunctionShipper.WarmUp();

        var clock = Stopwatch.StartNew();
        var ports = FreeLoopbackPorts(2 * silos);
        var started = new List<SiloProcess>();
        IHost? client = null;
        var stage = "starting the silos";
        var steps = new List<(string, TimeSpan)>();
        var last = TimeSpan.Zero;
        void Done(string next)
        {
            steps.Add((stage, clock.Elapsed - last));
            last = clock.Elapsed;
            stage = next;
        }

        try
        {
            // All at once, primary first: a silo that starts before the primary listens retries its connection to the
            // primary's membership table until it can join.
            for (var i = 0; i < silos; i++)
            {
                started.Add(SiloProcess.Start(i, ports[2 * i], ports[(2 * i) + 1], primaryPort: i == 0 ? null : ports[0]));
            }

            await Task.WhenAll(started.Select(s => s.Started)).WaitAsync(deadline.Token).ConfigureAwait(false);

            Done("connecting the client");
            client = BuildClient(started.Select(s => s.GatewayPort).ToArray());
            await client.StartAsync(deadline.Token).ConfigureAwait(false);

            Done("waiting for every silo to be active in the membership table");
            var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            while (true)
            {
                var hosts = await management.GetHosts(onlyActive: true).WaitAsync(deadline.Token).ConfigureAwait(false);
                if (hosts.Count >= silos)
                {
                    break;
                }

                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }

            Done(string.Empty);
            return new Cluster([.. started], client, clock.Elapsed, steps);
        }
        catch (Exception e)
        {
            await StopAsync(client, started).ConfigureAwait(false);
            if (e is OperationCanceledException && deadline.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The cluster of {silos} silos did not start within {bound.TotalSeconds:0.#} s (stuck {stage}).{string.Concat(started.Select(s => s.ErrorTail()))}", e);
            }

            throw;
        }
    }

    /// <summary>Runs <paramref name="function"/> on every item, each item a grain call that runs on the silo the call
    /// reaches, and returns the results in input order with where each ran; what the function prints is written here.</summary>
    /// <param name="function">A function defined in a notebook cell, a lambda, or a static method; shipped as the process pool ships it.</param>
    /// <param name="items">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting; none means the notebook cell's Stop button.</param>
    /// <param name="expression">The caller's source text of <paramref name="function"/> (filled in by the compiler).</param>
    /// <exception cref="RemoteTaskException">The function threw on a silo (or could not be loaded there).</exception>
    /// <exception cref="FunctionNotShippableException">The function cannot be shipped.</exception>
    public async Task<ClusterMap<TResult>> MapAsync<T, TResult>(Func<T, TResult> function, IEnumerable<T> items,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(function))] string? expression = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var shipped = FunctionShipper.Ship(function, expression);
        var list = items as IReadOnlyList<T> ?? items.ToArray();
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        var calls = new Task<ChunkAnswer>[list.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            var run = new RunMessage(i, shipped.Id, RunFlags.TimeEachItem, 1).ToFrame(PayloadJson.Serialize(list[i], "an argument"));
            calls[i] = Runner(i).RunAsync(shipped.LoadFrame, run);
        }

        await Task.WhenAll(calls).WaitAsync(token).ConfigureAwait(false);
        var results = new TResult[calls.Length];
        var ran = new ClusterItem[calls.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            var answer = calls[i].Result;
            var siloIndex = Array.FindIndex(_silos, s => s.ProcessId == answer.ProcessId);
            var result = ResultMessage.Read(answer.ResultFrame.AsSpan(5));
            if (result.Output.Length > 0)
            {
                (Output ?? Console.Out).Write(result.Output);   // what the function printed on its silo, in item order
            }

            if (result.ErrorIndex >= 0)
            {
                throw new RemoteTaskException(shipped.Label(list[i]), list[i], result.ErrorType, result.ErrorMessage, result.ErrorDetails,
                    $"on silo {siloIndex} ({answer.Silo}, pid {answer.ProcessId})", siloIndex, answer.ProcessId);
            }

            results[i] = PayloadJson.Deserialize<TResult>(result.Results[0].Span);
            ran[i] = new ClusterItem(i, answer.Silo, siloIndex, answer.ProcessId, result.StartTicks[0], result.EndTicks[0]);
        }

        return new ClusterMap<TResult>(results, ran);
    }

    /// <summary>Stops the client and every silo, and waits for the silo processes to exit (killing any that do not leave in time).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_client, _silos).ConfigureAwait(false);
    }

    /// <summary>Runs a Load and a Run frame on the cluster as they are (tests send frames no shipper would make).</summary>
    internal Task<ChunkAnswer> RunFramesAsync(byte[] loadFrame, byte[] runFrame) => Runner(0).RunAsync(loadFrame, runFrame);

    /// <summary>Returns the runner grain item <paramref name="index"/> is sent to.</summary>
    /// <remarks>The client sends every call to one grain id through one gateway (it hashes the id to pick the connection,
    /// which keeps one grain's calls in order), so a single id would put a whole map on one silo. Items cycle through a few
    /// ids per silo instead: the ids hash to different gateways, and each stateless worker activates on the silo that
    /// receives its calls.</remarks>
    private IFunctionRunnerGrain Runner(int index) => Client.GetGrain<IFunctionRunnerGrain>(index % (RunnerIdsPerSilo * _silos.Length));

    private static IHost BuildClient(int[] gatewayPorts) =>
        new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(gatewayPorts, SiloServiceId, SiloClusterId);
                client.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(IFunctionRunnerGrain).Assembly));
            })
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services => services.AddSingleton<IHostLifetime, NotebookLifetime>())
            .Build();

    private static async Task StopAsync(IHost? client, IReadOnlyList<SiloProcess> silos)
    {
        if (client is not null)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await client.StopAsync(bound.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException or ObjectDisposedException)
            {
                // The silos are going anyway.
            }

            client.Dispose();
        }

        await Task.WhenAll(silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
    }

    /// <summary>Returns free TCP ports on 127.0.0.1 (each bound once by the OS, then released for a silo to take).</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }

    // How many runner grain ids per silo a map cycles through.
    private const int RunnerIdsPerSilo = 4;

    // The silo host's SiloArguments.ServiceId and ClusterId: client and silos must agree.
    private const string SiloServiceId = "concurrency-notebooks";
    private const string SiloClusterId = "notebook";

    /// <summary>A host lifetime that leaves the process's signals alone: the default one would stop the client on the kernel's Ctrl+C.</summary>
    private sealed class NotebookLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
