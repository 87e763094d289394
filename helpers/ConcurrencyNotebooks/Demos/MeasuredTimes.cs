using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Each key's fastest time, and what the machine's cores did during its timed runs.</summary>
/// <typeparam name="TKey">What varied between the runs, such as a thread count.</typeparam>
public sealed class MeasuredTimes<TKey> : IReadOnlyDictionary<TKey, TimeSpan>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TimeSpan> _times;
    private readonly Dictionary<TKey, CpuShare?> _cpu;
    private readonly List<TKey> _order;

    /// <summary>Holds the given runs, in their order.</summary>
    /// <param name="runs">Each key's fastest time and the CPU share during its timed runs (null where it is not known).</param>
    internal MeasuredTimes(IEnumerable<(TKey Key, TimeSpan Time, CpuShare? Cpu)> runs)
    {
        var list = runs.ToList();
        _order = list.Select(run => run.Key).ToList();
        _times = list.ToDictionary(run => run.Key, run => run.Time);
        _cpu = list.ToDictionary(run => run.Key, run => run.Cpu);
    }

    /// <summary>The cores this process and other programs used, on average, during <paramref name="key"/>'s timed runs; null
    /// where the system does not report them (no <c>/proc</c>) or the runs were too short to tell.</summary>
    /// <param name="key">A measured key.</param>
    /// <returns>The share, or null.</returns>
    public CpuShare? CpuDuring(TKey key) => _cpu[key];

    /// <inheritdoc/>
    public TimeSpan this[TKey key] => _times[key];

    /// <inheritdoc/>
    public IEnumerable<TKey> Keys => _order;

    /// <inheritdoc/>
    public IEnumerable<TimeSpan> Values => _order.Select(key => _times[key]);

    /// <inheritdoc/>
    public int Count => _order.Count;

    /// <inheritdoc/>
    public bool ContainsKey(TKey key) => _times.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TimeSpan value) => _times.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<TKey, TimeSpan>> GetEnumerator() =>
        _order.Select(key => KeyValuePair.Create(key, _times[key])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
