// Model answers for notebook 4's exercises. The notebook's Solutions cell runs this file with
// `#!import solutions/04-async.csx` after its own cells, so the helpers are already there.

// Exercise 1: WhenAny hands back the first task to finish; the second await takes its result.
async Task<string> FastestAsyncSolution(IReadOnlyList<Task<string>> sources) =>
    await await Task.WhenAny(sources);

await AsyncChecks.FastestMirror(FastestAsyncSolution);

// Exercise 2: the token source cancels itself at the deadline; the work sees it through its token.
async Task<string> WithDeadlineAsyncSolution(
    Func<CancellationToken, Task<string>> work, TimeSpan deadline)
{
    using (var cts = new CancellationTokenSource(deadline))
    {
        try { return await work(cts.Token); }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return "timed out";
        }
    }
}

await AsyncChecks.Deadline(WithDeadlineAsyncSolution);
