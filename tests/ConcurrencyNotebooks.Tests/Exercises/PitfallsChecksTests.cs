using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

/// <summary>Notebook 8's checks: the stub, sequential, blocking and hard-coded answers throw; the model answers pass.</summary>
public sealed class PitfallsChecksTests
{
    [Fact]
    public async Task UiStaysResponsive_Stub_ThrowsSayingNothingWasCalled() =>
        Assert.Contains("without calling first() or second()",
            await AssertNotYet(PitfallsChecks.UiStaysResponsiveAsync((first, second) => Task.FromResult(""))),
            StringComparison.Ordinal);

    [Fact]
    public async Task UiStaysResponsive_HardCoded_Throws() =>
        await AssertNotYet(PitfallsChecks.UiStaysResponsiveAsync((first, second) => Task.FromResult("hello world")));

    [Fact]
    public async Task UiStaysResponsive_Sequential_Throws() =>
        await AssertNotYet(PitfallsChecks.UiStaysResponsiveAsync(async (first, second) => $"{await first()} {await second()}"));

    [Fact]
    public async Task UiStaysResponsive_BlocksOnResult_Throws() =>
        await AssertNotYet(PitfallsChecks.UiStaysResponsiveAsync((first, second) =>
            Task.FromResult($"{first().Result} {second().Result}")));

    [Fact]
    public async Task UiStaysResponsive_ConcurrentButBlocking_Throws() =>
        await AssertNotYet(PitfallsChecks.UiStaysResponsiveAsync((first, second) =>
        {
            var both = Task.WhenAll(first(), second()).Result;
            return Task.FromResult($"{both[0]} {both[1]}");
        }));

    [Fact]
    public async Task UiStaysResponsive_ModelAnswer_Passes() =>
        await PitfallsChecks.UiStaysResponsiveAsync(async (first, second) =>
        {
            var (a, b) = (first(), second());
            await Task.WhenAll(a, b);
            return $"{await a} {await b}";
        });

    [Fact]
    public async Task CountFailures_Stub_ThrowsSayingNoJobStarted() =>
        Assert.Contains("without starting any job",
            await AssertNotYet(PitfallsChecks.CountFailuresAsync(jobs => Task.FromResult(0))), StringComparison.Ordinal);

    [Fact]
    public async Task CountFailures_HardCoded_Throws()
    {
        // The check picks 2 to 6 failures at random: every fixed answer fails at least once in 20 rounds.
        var failures = 0;
        for (var round = 0; round < 20; round++)
        {
            failures += await Throws(PitfallsChecks.CountFailuresAsync(async jobs =>
            {
                var tasks = jobs.Select(job => job()).ToList();
                try { await Task.WhenAll(tasks); } catch (InvalidOperationException) { }
                return 3;
            })) ? 1 : 0;
        }

        Assert.True(failures > 0);
    }

    [Fact]
    public async Task CountFailures_OnlyTheFirstException_Throws() =>
        await AssertNotYet(PitfallsChecks.CountFailuresAsync(async jobs =>
        {
            try
            {
                await Task.WhenAll(jobs.Select(job => job()));
                return 0;
            }
            catch (InvalidOperationException)
            {
                return 1;
            }
        }));

    [Fact]
    public async Task CountFailures_Sequential_Throws() =>
        await AssertNotYet(PitfallsChecks.CountFailuresAsync(async jobs =>
        {
            var failed = 0;
            foreach (var job in jobs)
            {
                try { await job(); } catch (InvalidOperationException) { failed++; }
            }

            return failed;
        }));

    [Fact]
    public async Task CountFailures_ModelAnswer_Passes() =>
        await PitfallsChecks.CountFailuresAsync(async jobs =>
        {
            var tasks = jobs.Select(job => Task.Run(job)).ToList();
            try { await Task.WhenAll(tasks); } catch (InvalidOperationException) { }
            return tasks.Count(t => t.IsFaulted);
        });

    private static async Task<bool> Throws(Task check)
    {
        try
        {
            await check;
            return false;
        }
        catch (ExerciseCheckException e) when (e.Message.StartsWith("Not yet: ", StringComparison.Ordinal))
        {
            return true;
        }
    }

    private static async Task<string> AssertNotYet(Task check)
    {
        var e = await Assert.ThrowsAsync<ExerciseCheckException>(() => check);
        Assert.StartsWith("Not yet: ", e.Message, StringComparison.Ordinal);
        return e.Message;
    }
}
