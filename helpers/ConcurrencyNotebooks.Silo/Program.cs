using System.Net;
using ConcurrencyNotebooks.Silo;
using ConcurrencyNotebooks.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// The silo host Cluster.StartAsync starts, one process per silo:
//   dotnet ConcurrencyNotebooks.Silo.dll --silo-port P --gateway-port G [--primary PORT]
// Development clustering: the silo without --primary keeps the membership table, the others join it at 127.0.0.1:PORT.
// Every endpoint is on 127.0.0.1. One line on stdout once the silo has started; the silo stops when its stdin closes and
// ends at once when its parent dies (the worker's watchdog).
if (!SiloArguments.TryParse(args, out var options, out var usage))
{
    Console.Error.WriteLine(usage);
    return 2;
}

ParentWatchdog.Start();
var host = new HostBuilder()
    .UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort,
            options.PrimaryPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
            serviceId: SiloArguments.ServiceId, clusterId: SiloArguments.ClusterId);
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = IPAddress.Loopback;
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.SiloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.GatewayPort);
        });
    })
    .ConfigureLogging(logging => logging.ClearProviders()
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .SetMinimumLevel(LogLevel.Warning))
    .ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3)))
    .Build();

await host.StartAsync();
var silo = host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>();
Console.Out.Write($"silo {silo.SiloAddress} started, pid {Environment.ProcessId}\n");
Console.Out.Flush();

// stdin EOF (the parent closed it, or died): leave the cluster and exit.
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
var stdin = new Thread(() =>
{
    using var input = Console.OpenStandardInput();
    input.CopyTo(Stream.Null);
    lifetime.StopApplication();
})
{
    IsBackground = true,
    Name = "stdin watch",
};
stdin.Start();
await host.WaitForShutdownAsync();
return 0;
