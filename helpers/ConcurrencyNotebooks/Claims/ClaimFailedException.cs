namespace ConcurrencyNotebooks.Claims;

/// <summary>Reports that something a lesson says did not happen on this run.</summary>
public sealed class ClaimFailedException : Exception
{
    /// <summary>Creates the exception from the claim and what was measured.</summary>
    /// <param name="claim">What the lesson says.</param>
    /// <param name="measured">What this run measured instead.</param>
    public ClaimFailedException(string claim, string measured)
        : base($"The lesson says {claim}, but this run measured {measured}.")
    {
        ClaimText = claim;
        Measured = measured;
    }

    /// <summary>Gets what the lesson says.</summary>
    public string ClaimText { get; }

    /// <summary>Gets what this run measured instead.</summary>
    public string Measured { get; }

    /// <summary>Returns the message alone, as a notebook shows it.</summary>
    public override string ToString() => Message;
}
