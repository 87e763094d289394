using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

public class ComparisonChecksTests
{
    /// <summary>Short, so answers that never reach the in-flight target fail fast; the passing answers never wait for it.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task FetchAll_Stub_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.FetchAll(async urls => { await Task.Yield(); return []; }, Guard));

    [Fact]
    public async Task FetchAll_OneAtATime_ThrowsNamingThePeak()
    {
        static async Task<string[]> Sequential(IReadOnlyList<Uri> urls)
        {
            var bodies = new List<string>();
            foreach (var url in urls)
            {
                bodies.Add(await IoWork.GetAsync(url));
            }

            return [.. bodies];
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.FetchAll(Sequential, Guard));
        Assert.Contains("at most 1 of the 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAll_HardCodedBodies_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.FetchAll(
            urls => Task.FromResult(Enumerable.Range(1, 12).Select(i => $"answer to /page/{i}").ToArray()), Guard));

    [Fact]
    public async Task FetchAll_ModelAnswer_Passes() =>
        await ComparisonChecks.FetchAll(urls => Task.WhenAll(urls.Select(url => IoWork.GetAsync(url))));

    [Fact]
    public async Task BoundedCrawl_Stub_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(async (urls, max) => { await Task.Yield(); return 0; }, Guard));

    [Fact]
    public async Task BoundedCrawl_OneAtATime_Throws()
    {
        static async Task<int> Sequential(IReadOnlyList<Uri> urls, int max)
        {
            foreach (var url in urls)
            {
                await IoWork.GetAsync(url);
            }

            return urls.Count;
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(Sequential, Guard));
        Assert.Contains("at most 1 request(s) at once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_HardCodedCount_Throws() =>
        await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl((urls, max) => Task.FromResult(12), Guard));

    [Fact]
    public async Task BoundedCrawl_AllAtOnce_ThrowsNamingTheLimit()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(
            async (urls, max) => (await Task.WhenAll(urls.Select(url => IoWork.GetAsync(url)))).Length, Guard));
        Assert.Contains("the limit is 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_ModelAnswer_Passes()
    {
        static async Task<int> Crawl(IReadOnlyList<Uri> urls, int max)
        {
            var fetched = 0;
            await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = max }, async (url, ct) =>
            {
                await IoWork.GetAsync(url, ct);
                Interlocked.Increment(ref fetched);
            });
            return fetched;
        }

        await ComparisonChecks.BoundedCrawl(Crawl);
    }
}
