using Orleans.Concurrency;

namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>A grain in a call chain A → B → A: A calls B, and B calls A back before either answers.</summary>
/// <remarks>The grain is not reentrant, so A, busy awaiting B, queues B's callback: a deadlock. Each method carries its own
/// response timeout (the callback's shortest, so its timeout is the one that reaches the caller), short enough for a class
/// to watch it end, while the cluster's default (30 s) stays for every other call, such as a long map.</remarks>
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="partner"/>, which calls this grain back, and returns the path the calls took.</summary>
    /// <param name="partner">The key of the grain to call.</param>
    /// <param name="interleave">Whether the callback is the [AlwaysInterleave] one.</param>
    [ResponseTimeout("00:00:08")]
    Task<string> StartAsync(string partner, bool interleave);

    /// <summary>Calls <paramref name="caller"/> back and returns the path from here.</summary>
    /// <param name="caller">The key of the grain that called this one.</param>
    /// <param name="interleave">Whether to call its [AlwaysInterleave] callback.</param>
    [ResponseTimeout("00:00:05")]
    Task<string> ForwardAsync(string caller, bool interleave);

    /// <summary>Returns this grain's name; runs only once the grain has no other message running.</summary>
    [ResponseTimeout("00:00:02")]
    Task<string> CallbackAsync();

    /// <summary>Returns this grain's name; runs even while another message of this grain awaits.</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:02")]
    Task<string> InterleavedCallbackAsync();
}
