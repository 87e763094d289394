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
        await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(async (urls, max) => { await Task.Yield(); return []; }, Guard));

    [Fact]
    public async Task BoundedCrawl_OneAtATime_Throws()
    {
        static async Task<string[]> Sequential(IReadOnlyList<Uri> urls, int max)
        {
            var bodies = new List<string>();
            foreach (var url in urls)
            {
                bodies.Add(await IoWork.GetAsync(url));
            }

            return [.. bodies];
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(Sequential, Guard));
        Assert.Contains("at most 1 request(s) at once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_SerializedParallelLoop_Throws()
    {
        static async Task<string[]> Serialized(IReadOnlyList<Uri> urls, int max)
        {
            var bodies = new string[urls.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, urls.Count), new ParallelOptions { MaxDegreeOfParallelism = 1 },
                async (i, ct) => bodies[i] = await IoWork.GetAsync(urls[i], ct));
            return bodies;
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(Serialized, Guard));
        Assert.Contains("at most 1 request(s) at once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_HardCodedBodies_Throws()
    {
        static async Task<string[]> HardCoded(IReadOnlyList<Uri> urls, int max)
        {
            await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = max },
                async (url, ct) => await IoWork.GetAsync(url, ct));
            return Enumerable.Range(1, 12).Select(i => $"answer to /page/{i}").ToArray();
        }

        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(HardCoded, Guard));
        Assert.Contains("in the order of the URLs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_AllAtOnce_ThrowsNamingTheLimit()
    {
        var error = await Assert.ThrowsAsync<ExerciseCheckException>(() => ComparisonChecks.BoundedCrawl(
            (urls, max) => Task.WhenAll(urls.Select(url => IoWork.GetAsync(url))), Guard));
        Assert.Contains("the limit is 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedCrawl_ModelAnswer_Passes()
    {
        static async Task<string[]> Crawl(IReadOnlyList<Uri> urls, int max)
        {
            var bodies = new string[urls.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, urls.Count), new ParallelOptions { MaxDegreeOfParallelism = max },
                async (i, ct) => bodies[i] = await IoWork.GetAsync(urls[i], ct));
            return bodies;
        }

        await ComparisonChecks.BoundedCrawl(Crawl);
    }

    [Fact]
    public async Task BoundedCrawl_SemaphoreAnswer_Passes()
    {
        static async Task<string[]> Crawl(IReadOnlyList<Uri> urls, int max)
        {
            using var slots = new SemaphoreSlim(max);
            return await Task.WhenAll(urls.Select(async url =>
            {
                await slots.WaitAsync();
                try { return await IoWork.GetAsync(url); }
                finally { slots.Release(); }
            }));
        }

        await ComparisonChecks.BoundedCrawl(Crawl);
    }
}
