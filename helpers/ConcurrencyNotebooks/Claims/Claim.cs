using System.Globalization;

namespace ConcurrencyNotebooks.Claims;

/// <summary>Checks a lesson's claim against what was measured; a claim that does not hold stops the cell.</summary>
/// <remarks>A lesson cell makes the one-line call; the message names the claim and the measurement.</remarks>
public static class Claim
{
    /// <summary>Throws unless the claim holds.</summary>
    /// <param name="holds">Whether the measurement bears the claim out.</param>
    /// <param name="claim">What the lesson says, e.g. "each await resumed on a pool thread".</param>
    /// <param name="measured">What was measured, in words.</param>
    /// <exception cref="ClaimFailedException">The claim does not hold.</exception>
    public static void That(bool holds, string claim, string measured)
    {
        if (!holds)
        {
            throw new ClaimFailedException(claim, measured);
        }
    }

    /// <summary>Throws unless <paramref name="measured"/> is at least <paramref name="floor"/>.</summary>
    /// <exception cref="ClaimFailedException">The measurement is below the floor.</exception>
    public static void AtLeast(double measured, double floor, string claim) =>
        That(measured >= floor, claim, $"{Format(measured)}, below {Format(floor)}");

    /// <summary>Throws unless <paramref name="measured"/> is at most <paramref name="ceiling"/>.</summary>
    /// <exception cref="ClaimFailedException">The measurement is above the ceiling.</exception>
    public static void AtMost(double measured, double ceiling, string claim) =>
        That(measured <= ceiling, claim, $"{Format(measured)}, above {Format(ceiling)}");

    /// <summary>Throws unless <paramref name="measured"/> equals <paramref name="expected"/>.</summary>
    /// <exception cref="ClaimFailedException">The two differ.</exception>
    public static void Equal<T>(T measured, T expected, string claim) =>
        That(EqualityComparer<T>.Default.Equals(measured, expected), claim, $"{measured}, not {expected}");

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
