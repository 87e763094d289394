using System.Globalization;
using System.Text;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Reads notebook 6's false-sharing runs: two threads bump slot 0 and slot <c>gap</c> of one
/// <c>long[]</c>, several rounds, the first a warm-up; says what the numbers show, with their own noise margin.</summary>
public static class FalseSharing
{
    /// <summary>The smallest noise margin the verdict uses, whatever the repetitions show.</summary>
    public const double MinimumMargin = 0.05;

    /// <summary>Lists each placement's best and median time and says whether the first (near) placement was slower
    /// than the last (far) one by more than the noise, generated from the measurement.</summary>
    /// <param name="gaps">The slot gaps of one round, near first, far last (e.g. 1 and 16).</param>
    /// <param name="milliseconds">The times in the order they ran: round after round, each round every gap once.
    /// The first round is a warm-up and is not counted.</param>
    /// <param name="processorCount">How many logical CPUs the run had.</param>
    /// <param name="cpu0Siblings">What the OS lists as CPU 0's hyperthread siblings ("0" alone: its own core),
    /// or null when unknown.</param>
    /// <returns>The table and the verdict.</returns>
    /// <exception cref="ArgumentException">The times are not whole rounds, or fewer than two timed rounds.</exception>
    public static string Explain(IReadOnlyList<int> gaps, IReadOnlyList<double> milliseconds, int processorCount,
        string? cpu0Siblings)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (gaps.Count < 2 || milliseconds.Count % gaps.Count != 0 || milliseconds.Count / gaps.Count < 3)
        {
            throw new ArgumentException("Expected whole rounds of every gap: one warm-up and at least two timed.",
                nameof(milliseconds));
        }

        var rounds = milliseconds.Count / gaps.Count;
        var best = new double[gaps.Count];
        var median = new double[gaps.Count];
        for (var g = 0; g < gaps.Count; g++)
        {
            var timed = Enumerable.Range(1, rounds - 1).Select(r => milliseconds[(r * gaps.Count) + g]).Order().ToList();
            best[g] = timed[0];
            median[g] = timed[timed.Count / 2];
        }

        var margin = Math.Max(MinimumMargin, Enumerable.Range(0, gaps.Count).Max(g => (median[g] / best[g]) - 1));
        var ratio = best[0] / best[^1];
        var text = new StringBuilder();
        for (var g = 0; g < gaps.Count; g++)
        {
            text.AppendLine(Format($"slots 0 and {gaps[g],-3} ({Bytes(gaps[g]),-16}): best {best[g],7:F1} ms, ") +
                Format($"median {median[g],7:F1} ms of {rounds - 1} runs"));
        }

        var near = $"slots {Bytes(gaps[0])}";
        var far = $"slots {Bytes(gaps[^1])}";
        var noise = Format($"noise margin {margin * 100:F0}%: how far a placement's median run lay above its best");
        if (ratio > 1 + margin)
        {
            text.Append(Format($"{Cap(near)} took {ratio:F2}× as long as {far}, beyond the {noise}. ") +
                "The near counters sat in one cache line, and the two cores kept taking it from each other.");
        }
        else if (ratio < 1 / (1 + margin))
        {
            text.Append(Format($"{Cap(far)} were the slower ones ({1 / ratio:F2}×), beyond the {noise}: ") +
                "something else on the machine ran during those runs. Run the cell again.");
        }
        else
        {
            text.Append(Format($"No difference beyond the noise this run: {ratio:F2}× ({noise}). ") +
                NoEffectReason(processorCount, cpu0Siblings));
        }

        return text.ToString();
    }

    /// <summary>Returns what the OS lists as CPU 0's hyperthread siblings, or null where it does not say (not Linux).</summary>
    public static string? Cpu0Siblings(string cpuRoot = "/sys/devices/system/cpu")
    {
        var file = Path.Combine(cpuRoot, "cpu0", "topology", "thread_siblings_list");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private static string NoEffectReason(int processorCount, string? cpu0Siblings)
    {
        var cores = cpu0Siblings switch
        {
            null => "",
            "0" => " The OS reports each as a core of its own, but in a virtual machine it sees only what the " +
                   "hypervisor tells it: two vCPUs may still be two hyperthreads of one physical core.",
            _ => $" The OS reports CPUs {cpu0Siblings} as hyperthreads of one physical core.",
        };
        return Format($"This machine has {processorCount} logical CPUs.{cores} Two hyperthreads of one core share ") +
            "its L1 cache, so the line hardly has to travel and false sharing shows little or not at all; " +
            "other programs busy on the same CPUs can also hide it.";
    }

    private static string Bytes(int gap) => Format($"{gap * sizeof(long)} bytes apart");

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
