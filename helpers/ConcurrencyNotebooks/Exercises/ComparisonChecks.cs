using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Checks the exercises of notebook 5 (comparison): each throws <see cref="ExerciseCheckException"/> until the answer is right.</summary>
/// <remarks>Each check runs the answer against its own <see cref="SlowHttpServer"/>, which holds requests until the expected
/// number are in flight at once: a sequential answer never gets there (it fails after a guard time instead of hanging), and
/// the pages' names are made up per run, so typed-in answers fail too.</remarks>
public static class ComparisonChecks
{
    private const int Pages = 12;

    /// <summary>The least time an answer gets to return once every request is let through.</summary>
    private static readonly TimeSpan ReturnAllowance = TimeSpan.FromSeconds(10);

    /// <summary>Checks exercise 1: <paramref name="fetchAll"/> downloads every page at once and returns the bodies in order.</summary>
    /// <param name="fetchAll">The answer: takes the URLs, returns their bodies in the same order.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">When the bodies are wrong, or the requests were not all in flight at once.</exception>
    public static Task FetchAll(Func<IReadOnlyList<Uri>, Task<string[]>> fetchAll) => FetchAll(fetchAll, AsyncChecks.Guard);

    internal static async Task FetchAll(Func<IReadOnlyList<Uri>, Task<string[]>> fetchAll, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(fetchAll);
        using var gate = new HttpInFlightGate(Pages);
        var urls = Urls(gate.Server);
        var (together, bodies) = await RunHeld(gate, () => fetchAll(urls), guard).ConfigureAwait(false);
        if (!together)
        {
            throw new ExerciseCheckException("Not yet: " + $"the server saw at most {gate.Server.MaxConcurrentRequests} of the {Pages} requests at once. " +
                "Start them all first, then await them together (Task.WhenAll).");
        }

        var expected = urls.Select(url => $"answer to {url.AbsolutePath}").ToArray();
        if (bodies is null || !bodies.SequenceEqual(expected))
        {
            throw new ExerciseCheckException("Not yet: " + $"expected the {Pages} pages' bodies in order ('{expected[0]}', …), " +
                $"got {(bodies is null ? "null" : $"{bodies.Length}: '{string.Join("', '", bodies.Take(2))}'…")}.");
        }

        Console.WriteLine($"✔ All {Pages} requests were in flight at once, and the bodies came back in order.");
    }

    /// <summary>Checks exercise 2: <paramref name="crawl"/> downloads every page, keeping exactly up to the limit in flight,
    /// and returns the bodies in the order of the URLs (so the count is derived, never kept in a shared counter).</summary>
    /// <param name="crawl">The answer: takes the URLs and the limit, returns the pages' bodies in the URLs' order.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">When the limit is exceeded or never reached, or bodies are missing or out of order.</exception>
    public static Task BoundedCrawl(Func<IReadOnlyList<Uri>, int, Task<string[]>> crawl) => BoundedCrawl(crawl, AsyncChecks.Guard);

    internal static async Task BoundedCrawl(Func<IReadOnlyList<Uri>, int, Task<string[]>> crawl, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(crawl);
        const int limit = 3;
        using var gate = new HttpInFlightGate(limit);
        var urls = Urls(gate.Server);
        var (together, bodies) = await RunHeld(gate, () => crawl(urls, limit), guard).ConfigureAwait(false);
        var server = gate.Server;
        if (server.MaxConcurrentRequests > limit)
        {
            throw new ExerciseCheckException("Not yet: " + $"the server saw {server.MaxConcurrentRequests} requests at once; the limit is {limit}.");
        }

        if (!together)
        {
            throw new ExerciseCheckException("Not yet: " + $"the server saw at most {server.MaxConcurrentRequests} request(s) at once: " +
                $"keep {limit} going at a time (Parallel.ForEachAsync with MaxDegreeOfParallelism).");
        }

        var expected = urls.Select(url => $"answer to {url.AbsolutePath}").ToArray();
        if (bodies is null || !bodies.SequenceEqual(expected))
        {
            var got = bodies is null ? "null" : $"{bodies.Length} bodies, starting '{string.Join("', '", bodies.Take(2))}'";
            throw new ExerciseCheckException("Not yet: " + $"expected the {Pages} bodies in the order of the URLs ('{expected[0]}', …), " +
                $"got {got}. Write each body into its URL's slot (bodies[i]), not into a shared list in the order they finish.");
        }

        if (server.RequestsServed != Pages)
        {
            throw new ExerciseCheckException("Not yet: " + $"the server answered {server.RequestsServed} requests for {Pages} pages: fetch each page once.");
        }

        Console.WriteLine($"✔ {Pages} pages, {limit} at a time: never more, the limit was reached, and every body is in its place.");
    }

    private static Uri[] Urls(SlowHttpServer server)
    {
        var tag = Random.Shared.Next(1000, 10000);
        return Enumerable.Range(1, Pages).Select(i => server.Url($"check-{tag}/page-{i}")).ToArray();
    }

    /// <summary>Runs the answer while the gate holds requests; releases them when the target is reached or the guard ends.</summary>
    private static async Task<(bool Together, T Result)> RunHeld<T>(HttpInFlightGate gate, Func<Task<T>> answer, TimeSpan guard)
    {
        var running = answer();
        await Task.WhenAny(running, gate.Reached, Task.Delay(guard)).ConfigureAwait(false);
        var together = gate.Reached.IsCompleted;
        if (!together)
        {
            gate.Release();
        }

        // Once released, even a one-at-a-time answer finishes quickly; the allowance only has to outlast a busy machine.
        var allowance = (guard > ReturnAllowance ? guard : ReturnAllowance) + HttpInFlightGate.Linger;
        if (await Task.WhenAny(running, Task.Delay(allowance)).ConfigureAwait(false) != running)
        {
            throw new ExerciseCheckException("Not yet: " + $"your answer had not returned {allowance.TotalSeconds:0} s after every request was let through.");
        }

        return (together, await running.ConfigureAwait(false));
    }
}
