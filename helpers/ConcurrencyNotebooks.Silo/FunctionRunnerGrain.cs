using ConcurrencyNotebooks.Cluster.Grains;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Worker;
using Orleans.Concurrency;

namespace ConcurrencyNotebooks.Silo;

/// <summary>Runs a shipped function's chunk with the worker's own code, on the silo that received the call.</summary>
/// <remarks>A stateless worker activates on the silo that receives the call (no directory lookup, no single activation),
/// so where the items run follows the gateways the client spreads its calls over, and several activations per silo run
/// chunks side by side.</remarks>
[StatelessWorker]
internal sealed class FunctionRunnerGrain : Grain, IFunctionRunnerGrain
{
    /// <inheritdoc/>
    public Task<ChunkAnswer> RunAsync(byte[] loadFrame, byte[] runFrame)
    {
        var invoker = SiloFunctions.Load(loadFrame);
        var results = new WireWriter(4 * 1024);
        var writer = new WireWriter(4 * 1024);
        using (CapturedConsole.Begin(out var output))
        {
            ChunkRunner.Run(SiloFunctions.Payload(runFrame, FrameKind.Run), _ => invoker, results, writer, reportStart: null,
                takeOutput: () => output.ToString());
        }

        return Task.FromResult(new ChunkAnswer(RuntimeIdentity, Environment.ProcessId, writer.ToArray()));
    }
}
