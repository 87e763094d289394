namespace ConcurrencyNotebooks.Exercises;

/// <summary>The checks of notebook 7's exercises: a bounded producer/consumer pipeline and a timeout linked to the caller's token.</summary>
/// <remarks>Each check throws <see cref="ExerciseCheckException"/> ("Not yet: …") until the answer is right, and verifies
/// the concurrency itself (counters and gates, not timings), so a sequential or hard-coded answer fails too.</remarks>
public static class ChannelsChecks
{
    /// <summary>How long a check waits for an answer before it says the answer hangs.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    /// <summary>Checks <c>PipeThrough(items, capacity, work)</c>: a producer and a consumer joined by a bounded channel.</summary>
    /// <param name="answer">The learner's function: it returns <c>work(item)</c> for every item, in order.</param>
    /// <returns>A task that completes when the answer passes.</returns>
    /// <exception cref="ExerciseCheckException">When the results are wrong, the consumer starts only after the
    /// producer is done (sequential), the producer runs further ahead than the capacity allows (unbounded), or it hangs.</exception>
    /// <remarks>Counts, not timings, decide: how far the producer ever ran ahead of the consumer's started work must be at
    /// least 2 (it moved on while the consumer worked) and at most the channel's capacity plus the two items in hand.</remarks>
    public static async Task BoundedPipelineAsync(Func<IEnumerable<int>, int, Func<int, Task<int>>, Task<List<int>>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const int Items = 12;
        const int Capacity = 2;
        var allowedAhead = Capacity + 2; // in the channel, plus one in each side's hands
        var salt = Random.Shared.Next(100, 1000);
        var probe = new PipelineProbe(allowedAhead);
        var results = await Guard(answer(probe.Items(Items), Capacity, probe.WorkAsync(salt)), "PipeThrough", PipelineHint);
        var expected = Enumerable.Range(0, Items).Select(i => i * salt).ToList();
        if (results is null || !results.SequenceEqual(expected))
        {
            throw NotYet($"expected [{string.Join(", ", expected)}] (work(item) for every item, in order), " +
                $"got [{string.Join(", ", results ?? [])}].");
        }

        if (probe.MostAhead < 2)
        {
            throw NotYet("while the consumer worked on an item, the producer never moved on to the next one: " +
                "run the producer and the consumer at the same time (two tasks joined by a channel).");
        }

        if (probe.MostAhead > allowedAhead)
        {
            throw NotYet($"the producer ran {probe.MostAhead} items ahead of the consumer; a channel of capacity " +
                $"{Capacity} lets it run at most {allowedAhead} ahead. Use Channel.CreateBounded<int>(capacity).");
        }

        Console.WriteLine($"✔ The producer ran ahead while the consumer worked, but never by more than " +
            $"{probe.MostAhead} items (capacity {Capacity} allows {allowedAhead}: {Capacity} in the channel, one in each side's hands).");
    }

    /// <summary>Checks <c>FetchWithTimeout(fetch, timeout, caller)</c>: one token that the timeout and the caller both cancel.</summary>
    /// <param name="answer">The learner's function.</param>
    /// <returns>A task that completes when the answer passes.</returns>
    /// <exception cref="ExerciseCheckException">When the result is not fetch's, a timeout is not a <see cref="TimeoutException"/>,
    /// the caller's cancel is not an <see cref="OperationCanceledException"/>, or fetch's token is not cancelled.</exception>
    public static async Task TimeoutAsync(Func<Func<CancellationToken, Task<string>>, TimeSpan, CancellationToken, Task<string>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var fresh = Guid.NewGuid().ToString("N")[..8];
        var fetchCalls = 0;
        var got = await Guard(answer(async _ =>
        {
            Interlocked.Increment(ref fetchCalls);
            await Task.Yield();
            return fresh;
        }, TimeSpan.FromMinutes(1), default), "FetchWithTimeout", TimeoutHint);
        if (got != fresh)
        {
            throw NotYet(DescribeWrongResult(Volatile.Read(ref fetchCalls), fresh, got));
        }

        var slow = new HangingFetch();
        var timedOut = await Outcome(answer(slow.RunAsync, TimeSpan.FromMilliseconds(50), default));
        if (timedOut is not TimeoutException)
        {
            throw NotYet($"fetch never finished and the timeout was 50 ms, but FetchWithTimeout {Describe(timedOut)}: " +
                "catch the cancellation the timeout caused and throw a TimeoutException instead.");
        }

        RequireCancelled(slow, "after the timeout");
        using var caller = new CancellationTokenSource();
        var hanging = new HangingFetch();
        var call = answer(hanging.RunAsync, TimeSpan.FromMinutes(10), caller.Token);
        await Guard(hanging.Started, "FetchWithTimeout (fetch was never called)", TimeoutHint);
        caller.Cancel();
        var stopped = await Outcome(call);
        if (stopped is not OperationCanceledException)
        {
            throw NotYet($"the caller cancelled its token, but FetchWithTimeout {Describe(stopped)}: let the caller's " +
                "cancellation through as OperationCanceledException (only a timeout becomes a TimeoutException).");
        }

        RequireCancelled(hanging, "after the caller cancelled");
        Console.WriteLine("✔ fetch's result comes back; a timeout is a TimeoutException; the caller's cancel is " +
            "an OperationCanceledException; and both cancel the token fetch is waiting on.");
    }

    /// <summary>Says what is wrong with a result that is not fetch's: fetch was never called, or its result was not returned.</summary>
    /// <param name="fetchCalls">How many times the answer called fetch.</param>
    /// <param name="fetched">What fetch returns.</param>
    /// <param name="got">What the answer returned.</param>
    /// <returns>The message, without the "Not yet: " prefix.</returns>
    internal static string DescribeWrongResult(int fetchCalls, string fetched, string? got) => fetchCalls == 0
        ? $"FetchWithTimeout returned \"{got}\" without calling fetch: call fetch(token) and return what it returns " +
            $"(here \"{fetched}\")."
        : $"fetch returned \"{fetched}\" but FetchWithTimeout returned \"{got}\": return what fetch returns.";

    private const string PipelineHint = "Does the producer call Complete() so the consumer's loop ends?";

    private const string TimeoutHint = "Is fetch given a token that the timeout cancels (CreateLinkedTokenSource, " +
        "then CancelAfter), and is what fetch returns awaited and returned?";

    private static void RequireCancelled(HangingFetch fetch, string when)
    {
        if (!fetch.Token.IsCancellationRequested)
        {
            throw NotYet($"fetch's token was not cancelled {when}, so fetch is still running, abandoned: pass fetch " +
                "a token linked to the caller's (CreateLinkedTokenSource) that the timeout cancels (CancelAfter).");
        }
    }

    private static async Task<Exception?> Outcome(Task<string> call)
    {
        try
        {
            await Guard(call, "FetchWithTimeout", TimeoutHint);
            return null;
        }
        catch (Exception e) when (e is not ExerciseCheckException)
        {
            return e;
        }
    }

    private static string Describe(Exception? outcome) =>
        outcome is null ? "returned normally" : $"threw {outcome.GetType().Name}";

    private static async Task<T> Guard<T>(Task<T> task, string what, string hint)
    {
        try
        {
            return await task.WaitAsync(HangGuard).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw NotYet($"{what} was still running after {HangGuard.TotalSeconds:0} s. {hint}");
        }
    }

    private static Task Guard(Task task, string what, string hint) =>
        Guard(task.ContinueWith(_ => 0, TaskScheduler.Default), what, hint);

    private static ExerciseCheckException NotYet(string message) => new($"Not yet: {message}");

    /// <summary>A fetch that waits on its token forever, and remembers the token it was given.</summary>
    private sealed class HangingFetch
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        public Task Started => _started.Task;

        public async Task<string> RunAsync(CancellationToken token)
        {
            Token = token;
            _started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            return "unreachable";
        }
    }

    /// <summary>Counts what the producer took from the items and what the consumer started, to see how far apart they ran.</summary>
    /// <remarks>The first work call holds the consumer until the producer has moved on (or 5 s passed: it never will in a
    /// sequential answer), then until it runs further ahead than a bounded channel allows (or 300 ms passed: a bounded
    /// producer never will, an unbounded one does at once).</remarks>
    private sealed class PipelineProbe(int allowedAhead)
    {
        private readonly TaskCompletionSource _movedOn = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _ranAhead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _produced;
        private int _started;
        private int _mostAhead;

        public int MostAhead => Volatile.Read(ref _mostAhead);

        public IEnumerable<int> Items(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var ahead = Interlocked.Increment(ref _produced) - Volatile.Read(ref _started);
                Note(ahead);
                if (ahead >= 2)
                {
                    _movedOn.TrySetResult();
                }

                if (ahead > allowedAhead)
                {
                    _ranAhead.TrySetResult();
                }

                yield return i;
            }
        }

        public Func<int, Task<int>> WorkAsync(int salt) => async item =>
        {
            if (Interlocked.Increment(ref _started) == 1)
            {
                await Task.WhenAny(_movedOn.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
                await Task.WhenAny(_ranAhead.Task, Task.Delay(300)).ConfigureAwait(false);
            }

            await Task.Yield();
            return item * salt;
        };

        private void Note(int ahead)
        {
            var most = Volatile.Read(ref _mostAhead);
            while (ahead > most && Interlocked.CompareExchange(ref _mostAhead, ahead, most) != most)
            {
                most = Volatile.Read(ref _mostAhead);
            }
        }
    }
}
