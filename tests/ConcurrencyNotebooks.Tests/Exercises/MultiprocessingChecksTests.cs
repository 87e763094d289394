using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Exercises;

[Collection(ProcessTestCollection.Name)]
public sealed class MultiprocessingChecksTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static void Check(Func<int, int, Func<int, int, int>, int> answer, TimeSpan timeout) =>
        MultiprocessingChecks.CheckCountPrimesInProcesses(answer, timeout);

    [Fact]
    public void CheckCountPrimesInProcesses_Stub_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check((_, _, _) => 0, Short));
        Assert.StartsWith("Not yet", error.Message);
    }

    [Fact]
    public void CheckCountPrimesInProcesses_HardCodedTotal_Throws()
    {
        var known = CpuWork.CountPrimes(0, 300_000);
        var error = Assert.Throws<ExerciseCheckException>(() => Check((_, _, _) => known, Short));
        Assert.Contains("counted no slice", error.Message);
    }

    [Fact]
    public void CheckCountPrimesInProcesses_SlicesInTheNotebookProcess_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(
            (limit, workers, countSlice) => CpuWork.Split(limit, workers * 4).Select(s => countSlice(s.From, s.To)).Sum(), Short));
        Assert.Contains("notebook's own process", error.Message);
    }

    [Fact]
    public void CheckCountPrimesInProcesses_PoolCalledOneSliceAtATime_Throws()
    {
        Assert.Throws<ExerciseCheckException>(() => Check((limit, workers, countSlice) =>
        {
            using var pool = new ProcessPool(workers);
            return CpuWork.Split(limit, workers * 4).Sum(s => pool.StarMap(countSlice, [(s.From, s.To)])[0]);
        }, Short));
    }

    [Fact]
    public void CheckCountPrimesInProcesses_ModelAnswer_Passes()
    {
        Check((limit, workers, countSlice) =>
        {
            using var pool = new ProcessPool(workers);
            return pool.StarMap(countSlice, CpuWork.Split(limit, workers * 4)).Sum();
        }, Generous);
    }

    [Fact]
    public async Task CheckMapSurvivingCrashes_Stub_Throws()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() =>
            MultiprocessingChecks.CheckMapSurvivingCrashesAsync((_, _) => Task.FromResult(new List<int>())));
        Assert.StartsWith("Not yet", error.Message);
    }

    [Fact]
    public async Task CheckMapSurvivingCrashes_HardCodedList_Throws()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() =>
            MultiprocessingChecks.CheckMapSurvivingCrashesAsync((_, _) => Task.FromResult(new List<int> { 10, 20, 40 })));
        Assert.Contains("never ran", error.Message);
    }

    [Fact]
    public async Task CheckMapSurvivingCrashes_SequentialSelectInTheNotebook_Throws()
    {
        await Assert.ThrowsAsync<ExerciseCheckException>(() => MultiprocessingChecks.CheckMapSurvivingCrashesAsync(
            (items, crashOnThree) => Task.FromResult(items.Select(crashOnThree).ToList())));
    }

    [Fact]
    public async Task CheckMapSurvivingCrashes_InTheNotebookSkippingFailures_Throws()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => MultiprocessingChecks.CheckMapSurvivingCrashesAsync(
            (items, crashOnThree) => Task.FromResult(items.Where(n => n != 3).Select(crashOnThree).ToList())));
        Assert.Contains("never ran item(s) 3", error.Message);
    }

    [Fact]
    public async Task CheckMapSurvivingCrashes_ModelAnswer_Passes()
    {
        await MultiprocessingChecks.CheckMapSurvivingCrashesAsync(async (items, crashOnThree) =>
        {
            var survivors = new List<int>();
            await using var pool = new ProcessPool(1);
            foreach (var item in items)
            {
                try
                {
                    survivors.Add(await pool.SubmitAsync(crashOnThree, item));
                }
                catch (WorkerCrashedException)
                {
                }
            }

            return survivors;
        });
    }

    [Fact]
    public void CountSlice_OutsideACheck_ThrowsAndSaysWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MultiprocessingChecks.CountSlice(0, 10));
        Assert.Contains("exercise check", error.Message);
    }
}
