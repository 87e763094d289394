namespace ConcurrencyNotebooks.Claims;

/// <summary>Notebook 9's actor checks: a turn-based grain loses no update, a reentrant one does, and grains calling each other deadlock unless the callback interleaves.</summary>
public static class ActorClaims
{
    /// <summary>Checks a counter run against the lesson and returns the line to show.</summary>
    /// <param name="result">What <see cref="Clusters.Cluster.CountAsync"/> returned.</param>
    /// <exception cref="ClaimFailedException">A turn-based counter lost an update, or a reentrant one lost none.</exception>
    public static string CheckCount(Clusters.CountResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Claim.Equal(result.Recorded, result.Increments, "every increment ran");
        if (result.Reentrant)
        {
            Claim.That(result.Lost > 0, "a reentrant grain with an await inside its update loses updates",
                $"count {result.Count} of {result.Increments}");
        }
        else
        {
            Claim.Equal(result.Count, result.Increments, "a turn-based grain loses no update, with no lock");
        }

        return result.ToString();
    }

    /// <summary>Checks a call chain against the lesson and returns the line to show.</summary>
    /// <param name="result">What <see cref="Clusters.Cluster.CallChainAsync"/> returned.</param>
    /// <exception cref="ClaimFailedException">The plain chain finished, or the interleaved one did not.</exception>
    public static string CheckCallChain(Clusters.CallChainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Interleaved)
        {
            Claim.That(result.Finished, "an [AlwaysInterleave] callback lets the chain A → B → A finish", result.ToString());
        }
        else
        {
            Claim.That(!result.Finished, "A → B → A between non-reentrant grains deadlocks until a response timeout", result.ToString());
        }

        return result.ToString();
    }
}
