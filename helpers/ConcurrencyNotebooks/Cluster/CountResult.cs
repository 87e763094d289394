using System.Globalization;

namespace ConcurrencyNotebooks.Clusters;

/// <summary>What a counter grain counted: the increments sent, those its ledger recorded, and the count it ended at.</summary>
/// <param name="Reentrant">Whether the counter was the [Reentrant] one.</param>
/// <param name="Increments">How many increments were sent.</param>
/// <param name="Recorded">How many increments the counter's ledger grain recorded (each one ran).</param>
/// <param name="Count">The counter's final value.</param>
public sealed record CountResult(bool Reentrant, int Increments, int Recorded, int Count)
{
    /// <summary>Gets how many increments the count lost.</summary>
    public int Lost => Increments - Count;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Reentrant ? "reentrant " : "turn-based")}: {Increments:N0} increments sent, {Recorded:N0} ran, count {Count:N0} ({(Lost == 0 ? "none lost" : $"{Lost:N0} lost")})");
}
