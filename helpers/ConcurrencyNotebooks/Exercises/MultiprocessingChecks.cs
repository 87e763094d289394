using System.Globalization;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Checks the exercises of notebook 3: the answer must be right and its work must have run in worker processes.</summary>
/// <remarks>The check hands the answer a function (<see cref="CountSlice"/>, <see cref="CrashOnThree"/>) that notes, from
/// whichever process runs it, which process that was; the answer's pool must be started inside the answer.</remarks>
public static class MultiprocessingChecks
{
    /// <summary>How long a worker's first slice waits for a second worker's before the check calls the answer sequential.</summary>
    public static readonly TimeSpan CompanyTimeout = TimeSpan.FromSeconds(10);

    private const int Limit = 300_000;
    private const int Workers = 2;

    /// <summary>Checks exercise 1: <c>answer(300_000, 2, countSlice)</c> returns the primes below 300,000, counted with
    /// <c>countSlice</c> in at least two worker processes, two of them at the same time.</summary>
    /// <param name="answer">The learner's <c>CountPrimesInProcesses(limit, workers, countSlice)</c>.</param>
    /// <exception cref="ExerciseCheckException">When the total is wrong or the slices did not run in parallel worker processes.</exception>
    public static void CheckCountPrimesInProcesses(Func<int, int, Func<int, int, int>, int> answer) =>
        CheckCountPrimesInProcesses(answer, CompanyTimeout);

    /// <summary>Does what the public overload does, waiting <paramref name="timeout"/> for a second worker.</summary>
    internal static void CheckCountPrimesInProcesses(Func<int, int, Func<int, int, int>, int> answer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var expected = CpuWork.CountPrimes(0, Limit);
        using var evidence = new ProcessEvidence(timeout);
        var actual = Answer.Run(() => answer(Limit, Workers, CountSlice));
        var calls = evidence.Calls;
        if (actual != expected)
        {
            throw new ExerciseCheckException($"Not yet: got {actual:N0} primes below {Limit:N0}, expected {expected:N0}. " +
                (calls.Count == 0 ? "countSlice counted no slice yet." : "Did you sum the counts of every slice?"));
        }

        var pids = calls.Select(call => call.ProcessId).Distinct().Order().ToList();
        if (calls.Count == 0)
        {
            throw new ExerciseCheckException($"The total {actual:N0} is right, but countSlice counted no slice: " +
                "count the slices with countSlice in a ProcessPool, not in one go or from a number you know.");
        }

        if (pids.Contains(Environment.ProcessId))
        {
            throw new ExerciseCheckException($"The total is right, but slices were counted in the notebook's own process " +
                $"(pid {Environment.ProcessId}), not in worker processes: give countSlice to a ProcessPool's StarMap.");
        }

        if (pids.Count < Workers)
        {
            throw new ExerciseCheckException($"The total is right, but all {calls.Count} slices ran in one worker process " +
                $"(pid {pids[0]}): start a pool of `workers` processes and give it every slice.");
        }

        if (!evidence.TwoAtOnce)
        {
            throw new ExerciseCheckException($"The total is right, but no two workers counted at the same time (a slice " +
                $"waited {timeout.TotalSeconds:0.#} s for a second one): hand the pool all the slices in one StarMap.");
        }

        Console.WriteLine($"✔ {actual:N0} primes, counted by {pids.Count} worker processes (pids {string.Join(", ", pids)}), " +
            "two of them at the same time.");
    }

    /// <summary>Counts the primes in [<paramref name="from"/>, <paramref name="to"/>) like <see cref="CpuWork.CountPrimes"/>,
    /// and notes for the check which process ran it (a worker's first slice waits for a second worker's).</summary>
    public static int CountSlice(int from, int to) =>
        ProcessEvidence.Record($"{from}..{to}", waitForCompany: true, _ => CpuWork.CountPrimes(from, to));

    /// <summary>Checks exercise 2: <c>answer([1, 2, 3, 4], crashOnThree)</c> returns [10, 20, 40], every item run in a
    /// worker process, item 3 crashing its worker.</summary>
    /// <param name="answer">The learner's <c>MapSurvivingCrashes(items, crashOnThree)</c>.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">When the results are wrong or the items did not run in worker processes.</exception>
    public static async Task CheckMapSurvivingCrashesAsync(Func<int[], Func<int, int>, Task<List<int>>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        int[] items = [1, 2, 3, 4];
        int[] expected = [10, 20, 40];
        using var evidence = new ProcessEvidence(CompanyTimeout);
        var got = await Answer.RunAsync(() => answer(items, CrashOnThree)).ConfigureAwait(false);
        if (!got.SequenceEqual(expected))
        {
            throw new ExerciseCheckException($"Not yet: expected [{string.Join(", ", expected)}] (item 3 crashes its " +
                $"worker), got [{string.Join(", ", got)}].");
        }

        var ran = evidence.Calls.ToLookup(call => int.Parse(call.Item, CultureInfo.InvariantCulture), call => call.ProcessId);
        var missing = items.Where(item => !ran[item].Any()).ToList();
        if (missing.Count > 0)
        {
            throw new ExerciseCheckException($"The list is right, but crashOnThree never ran item(s) " +
                $"{string.Join(", ", missing)}: submit every item to the pool, and let item 3 crash its worker.");
        }

        if (ran.SelectMany(pids => pids).Contains(Environment.ProcessId))
        {
            throw new ExerciseCheckException("The list is right, but items ran in the notebook's own process: submit each " +
                "item to a ProcessPool with SubmitAsync.");
        }

        Console.WriteLine($"✔ Item 3 crashed worker pid {ran[3].First()}; the results of the other items survived.");
    }

    /// <summary>Returns <paramref name="n"/> × 10, but crashes its worker process on 3 (in the notebook's own process it
    /// throws instead, rather than crash the notebook); notes for the check which process ran each item.</summary>
    public static int CrashOnThree(int n) =>
        ProcessEvidence.Record(n.ToString(CultureInfo.InvariantCulture), waitForCompany: false, inCheckProcess =>
        {
            if (n == 3 && inCheckProcess)
            {
                throw new InvalidOperationException("crashOnThree(3) ran in the notebook's own process, where its crash " +
                    "would end the notebook; run it in a ProcessPool.");
            }

            if (n == 3)
            {
                Environment.FailFast("simulated crash on item 3");
            }

            return n * 10;
        });
}
