namespace ConcurrencyNotebooks.Cluster.Grains;

/// <summary>Records a counter's increments: the other grain a counter's update awaits.</summary>
public interface ILedgerGrain : IGrainWithGuidKey
{
    /// <summary>Records one increment.</summary>
    Task RecordAsync();

    /// <summary>Returns how many increments were recorded.</summary>
    Task<int> GetAsync();
}
