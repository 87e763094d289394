// Model answers for notebook 5's exercises; the notebook's setup has already run.

async Task<string[]> FetchAllAsyncSolution(IReadOnlyList<Uri> pages) =>
    await Task.WhenAll(pages.Select(url => IoWork.GetAsync(url)));
await ComparisonChecks.FetchAll(FetchAllAsyncSolution);

async Task<string[]> CrawlAsyncSolution(IReadOnlyList<Uri> pages, int maxAtOnce)
{
    var bodies = new string[pages.Count];
    var options = new ParallelOptions
        { MaxDegreeOfParallelism = maxAtOnce, CancellationToken = Notebook.StopToken };
    await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), options,
        async (i, ct) => bodies[i] = await IoWork.GetAsync(pages[i], ct));
    return bodies;
}
await ComparisonChecks.BoundedCrawl(CrawlAsyncSolution);
