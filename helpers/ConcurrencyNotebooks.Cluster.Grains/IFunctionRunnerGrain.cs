namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>Runs a shipped function on the silo that receives the call: the process pool's Load and Run frames in, its Result frame out.</summary>
public interface IFunctionRunnerGrain : IGrainWithIntegerKey
{
    /// <summary>Loads the function (once per silo) and runs the chunk.</summary>
    /// <param name="loadFrame">The function's Load frame, as the pool sends it to a worker.</param>
    /// <param name="runFrame">A Run frame of the items to run.</param>
    Task<ChunkAnswer> RunAsync(byte[] loadFrame, byte[] runFrame);
}
