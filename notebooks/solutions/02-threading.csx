// Model answers for notebook 2's exercises; each runs through the same check as the exercise cell.

// Exercise 1: an ordered map on the thread pool.
async Task<TResult[]> MapOnPoolSolution<T, TResult>(IEnumerable<T> items, Func<T, TResult> f) =>
    // WhenAll keeps input order
    await Task.WhenAll(items.Select(item => Task.Run(() => f(item))));

await ThreadingChecks.OrderedMap((items, f) => MapOnPoolSolution(items, f));

// Exercise 2: count the steps that count, exactly.
int SafeCountSolution(int threads, int stepsEach, Func<bool> work)
{
    var count = 0;
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < stepsEach; i++)
        {
            if (work()) Interlocked.Increment(ref count);
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count;
}

ThreadingChecks.SafeCount(SafeCountSolution);
