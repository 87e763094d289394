// Model answers for notebook 8's exercises, each followed by the check its exercise cell runs.

async Task<string> LoadBothAsyncSolution(Func<Task<string>> first, Func<Task<string>> second)
{
    var (a, b) = (first(), second());          // both start now
    await Task.WhenAll(a, b);                  // the UI thread is free while they run
    return $"{await a} {await b}";
}
await PitfallsChecks.UiStaysResponsiveAsync(LoadBothAsyncSolution);

async Task<int> CountFailuresAsyncSolution(IReadOnlyList<Func<Task>> jobs)
{
    var tasks = jobs.Select(job => Task.Run(job)).ToList();
    try { await Task.WhenAll(tasks); }
    catch (Exception) { }                      // only the first; the tasks know the rest
    return tasks.Count(t => t.IsFaulted);
}
await PitfallsChecks.CountFailuresAsync(CountFailuresAsyncSolution);
