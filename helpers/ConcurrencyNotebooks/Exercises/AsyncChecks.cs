namespace ConcurrencyNotebooks.Exercises;

/// <summary>Checks the exercises of notebook 4 (async): each throws <see cref="ExerciseCheckException"/> until the answer is right.</summary>
/// <remarks>The checks drive the answer with gates (tasks the check completes itself, in an order it picks, with names it
/// makes up), so a typed-in name, an answer that awaits the tasks one by one, or one that never cancels the work fails,
/// whatever the machine's speed. A guard ends an answer that hangs with a clear message instead of hanging the cell.</remarks>
public static class AsyncChecks
{
    /// <summary>How long a check waits for an answer that should already be done before it calls the answer stuck.</summary>
    internal static readonly TimeSpan Guard = TimeSpan.FromSeconds(5);

    private static readonly string[] _mirrors = ["europe", "asia", "america"];

    /// <summary>Checks exercise 1: <paramref name="fastest"/> returns the name of the first source to finish, as soon as it finishes.</summary>
    /// <param name="fastest">The answer: takes the sources, returns the first finished one's name.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">When the answer is wrong, or still waits after the first source finished.</exception>
    public static Task FastestMirror(Func<IReadOnlyList<Task<string>>, Task<string>> fastest) => FastestMirror(fastest, Guard);

    internal static async Task FastestMirror(Func<IReadOnlyList<Task<string>>, Task<string>> fastest, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(fastest);

        // One round per position, the last first: an answer that awaits the sources in order waits for one that never ends.
        for (var winner = _mirrors.Length - 1; winner >= 0; winner--)
        {
            var tag = Random.Shared.Next(100, 1000);
            var sources = _mirrors.Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var answer = fastest(sources.Select(s => s.Task).ToList());
            var expected = $"{_mirrors[winner]}-{tag}";
            sources[winner].SetResult(expected);
            var done = await Task.WhenAny(answer, Task.Delay(guard)).ConfigureAwait(false) == answer;
            for (var i = 0; i < sources.Length; i++)
            {
                sources[i].TrySetResult($"{_mirrors[i]}-{tag}");
            }

            if (!done)
            {
                throw new ExerciseCheckException("Not yet: " + $"'{expected}' finished first, but {guard.TotalSeconds:0} s later your answer was still " +
                    "waiting (for the other sources?). Return as soon as the first one finishes: Task.WhenAny.");
            }

            var got = await answer.ConfigureAwait(false);
            if (got != expected)
            {
                throw new ExerciseCheckException("Not yet: " + $"'{expected}' finished first (the others were still running), but you returned '{got}'.");
            }
        }

        Console.WriteLine($"✔ Three rounds, a different source first each time: you returned each one as soon as it finished.");
    }

    /// <summary>Checks exercise 2: <paramref name="withDeadline"/> returns the work's result in time, and otherwise cancels the work
    /// (through the token it passes in) at the deadline and returns <c>"timed out"</c>.</summary>
    /// <param name="withDeadline">The answer: takes work that accepts a token, and a deadline.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="ExerciseCheckException">When a result is wrong, the work is not cancelled, or the answer hangs.</exception>
    public static Task Deadline(Func<Func<CancellationToken, Task<string>>, TimeSpan, Task<string>> withDeadline) =>
        Deadline(withDeadline, Guard);

    internal static async Task Deadline(Func<Func<CancellationToken, Task<string>>, TimeSpan, Task<string>> withDeadline, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(withDeadline);
        var name = $"quick-{Random.Shared.Next(100, 1000)}";

        // Work that finishes well before its deadline, once the check lets it.
        var finish = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var quick = withDeadline(token => finish.Task.WaitAsync(token), TimeSpan.FromMinutes(1));
        finish.SetResult(name);
        var quickResult = await Within(quick, guard, "work that finished at once").ConfigureAwait(false);
        if (quickResult != name)
        {
            throw new ExerciseCheckException("Not yet: " + $"the work finished in time with '{name}', but you returned '{quickResult}'.");
        }

        // Work that ends only when its token is cancelled.
        var given = CancellationToken.None;
        var deadline = TimeSpan.FromMilliseconds(100);
        var slow = withDeadline(
            async token =>
            {
                given = token;
                await Task.Delay(Timeout.InfiniteTimeSpan, token).ConfigureAwait(false);
                return "never";
            },
            deadline);
        string slowResult;
        try
        {
            slowResult = await Within(slow, guard, $"work that runs until it is cancelled, with a deadline of {deadline.TotalMilliseconds:0} ms")
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new ExerciseCheckException("Not yet: " + "the work was cancelled, but the cancellation came out of your answer: catch it and return \"timed out\".");
        }

        if (slowResult != "timed out")
        {
            throw new ExerciseCheckException("Not yet: " + $"the work ran past its deadline, so the answer is \"timed out\", not '{slowResult}'.");
        }

        if (!given.IsCancellationRequested)
        {
            throw new ExerciseCheckException("Not yet: " + "you returned \"timed out\", but the work was never cancelled: it would run on with nobody " +
                "waiting (that is WaitAsync, or wait_for(shield(...))). Pass it a token that cancels at the deadline.");
        }

        Console.WriteLine("✔ The quick work's result came back; the slow work was cancelled at its deadline.");
    }

    private static async Task<string> Within(Task<string> answer, TimeSpan guard, string what)
    {
        if (await Task.WhenAny(answer, Task.Delay(guard)).ConfigureAwait(false) != answer)
        {
            throw new ExerciseCheckException("Not yet: " + $"given {what}, your answer had not returned after {guard.TotalSeconds:0} s.");
        }

        return await answer.ConfigureAwait(false);
    }
}
