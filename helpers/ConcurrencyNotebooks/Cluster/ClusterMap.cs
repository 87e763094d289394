using System.Collections;

namespace ConcurrencyNotebooks.Clusters;

/// <summary>The results of a cluster map, in input order, with where each item ran.</summary>
/// <typeparam name="TResult">The function's result type.</typeparam>
public sealed class ClusterMap<TResult> : IReadOnlyList<TResult>
{
    private readonly TResult[] _results;

    internal ClusterMap(TResult[] results, ClusterItem[] items)
    {
        _results = results;
        Items = items;
    }

    /// <summary>Gets where and when each item ran, in input order.</summary>
    public IReadOnlyList<ClusterItem> Items { get; }

    /// <inheritdoc/>
    public int Count => _results.Length;

    /// <inheritdoc/>
    public TResult this[int index] => _results[index];

    /// <inheritdoc/>
    public IEnumerator<TResult> GetEnumerator() => ((IEnumerable<TResult>)_results).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => _results.GetEnumerator();

    /// <summary>Returns the results as "[1, 4, 9]".</summary>
    public override string ToString() => $"[{string.Join(", ", _results)}]";
}
