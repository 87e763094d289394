// Model answers for notebook 3's exercises; the notebook's setup has already run.

int CountPrimesInProcessesSolution(int limit, int workers, Func<int, int, int> countSlice)
{
    using (var pool = new ProcessPool(workers))
    {
        var slices = CpuWork.Split(limit, workers * 4);
        return pool.StarMap(countSlice, slices).Sum();
    }
}
MultiprocessingChecks.CheckCountPrimesInProcesses(CountPrimesInProcessesSolution);

async Task<List<int>> MapSurvivingCrashesSolution(int[] items, Func<int, int> crashOnThree)
{
    var survivors = new List<int>();
    await using (var pool = new ProcessPool(1))
    {
        foreach (var item in items)
        {
            try { survivors.Add(await pool.SubmitAsync(crashOnThree, item)); }
            catch (WorkerCrashedException) { }
        }
    }
    return survivors;
}
await MultiprocessingChecks.CheckMapSurvivingCrashesAsync(MapSurvivingCrashesSolution);
