using System.Collections.Concurrent;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>The checks of notebook 8's exercises: loading two things without freezing a UI thread, and counting every failure.</summary>
/// <remarks>Each check throws <see cref="ExerciseCheckException"/> ("Not yet: …") until the answer is right, and verifies
/// the concurrency itself with gates and counters (how many jobs were in flight at once, whether the UI thread answered
/// while they ran), so a sequential, blocking or hard-coded answer fails too. A right answer opens every gate by itself;
/// a gate gives up after 3 s (time enough for a busy machine), so a wrong answer fails in seconds instead of hanging.</remarks>
public static class PitfallsChecks
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(3);

    /// <summary>Checks <c>LoadBothAsync(first, second)</c>, run on a single-threaded context like a UI thread's.</summary>
    /// <param name="answer">The learner's function: it returns <c>"{first} {second}"</c>.</param>
    /// <returns>A task that completes when the answer passes.</returns>
    /// <exception cref="ExerciseCheckException">When the result is wrong, the UI thread was blocked while the loads ran
    /// (<c>.Result</c>, <c>.Wait()</c>), or the two loads did not run at the same time.</exception>
    public static async Task UiStaysResponsiveAsync(Func<Func<Task<string>>, Func<Task<string>>, Task<string>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        using var ui = new UiThread();
        var probe = new LoadProbe(ui);
        var (a, b) = (Word(), Word());
        var call = ui.Run(() => answer(() => probe.LoadAsync(a), () => probe.LoadAsync(b)));
        var result = await Guard(call, "LoadBothAsync");
        if (result != $"{a} {b}" && probe.Calls == 0)
        {
            throw NotYet($"LoadBothAsync returned \"{result}\" without calling first() or second(): start both " +
                $"loads, await them, and return their results joined by a space (here \"{a} {b}\").");
        }

        if (result != $"{a} {b}")
        {
            throw NotYet($"the loads returned \"{a}\" and \"{b}\", so expected \"{a} {b}\", got \"{result}\".");
        }

        if (!probe.UiAnsweredWhileLoading)
        {
            throw NotYet("the UI thread did not answer while the loads ran: it was blocked (.Result, .Wait(), " +
                "GetAwaiter().GetResult()). Await the loads instead.");
        }

        if (probe.MostInFlight < 2)
        {
            throw NotYet("the loads ran one after the other: start both, then await both (Task.WhenAll).");
        }

        Console.WriteLine("✔ Both loads ran at once, and the UI thread answered while they did.");
    }

    /// <summary>Checks <c>CountFailuresAsync(jobs)</c>: all jobs run at once, and every failure is counted.</summary>
    /// <param name="answer">The learner's function: it returns how many jobs failed.</param>
    /// <returns>A task that completes when the answer passes.</returns>
    /// <exception cref="ExerciseCheckException">When the count is wrong, a job ran twice or never, or the jobs did not all run at once.</exception>
    public static async Task CountFailuresAsync(Func<IReadOnlyList<Func<Task>>, Task<int>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const int Jobs = 8;
        var failing = Enumerable.Range(0, Jobs).OrderBy(_ => Random.Shared.Next()).Take(Random.Shared.Next(2, Jobs - 1)).ToHashSet();
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var limit = Task.Delay(GateLimit);
        var starts = new int[Jobs];
        var inFlight = 0;
        var mostInFlight = 0;
        var jobs = Enumerable.Range(0, Jobs).Select(i => (Func<Task>)(async () =>
        {
            Interlocked.Increment(ref starts[i]);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            if (now == Jobs)
            {
                allStarted.TrySetResult();
            }

            await Task.WhenAny(allStarted.Task, limit).ConfigureAwait(false);
            Interlocked.Decrement(ref inFlight);
            if (failing.Contains(i))
            {
                throw new InvalidOperationException($"job {i} failed");
            }
        })).ToList();

        var counted = await Guard(answer(jobs), "CountFailuresAsync");
        if (starts.All(s => s == 0))
        {
            throw NotYet($"CountFailuresAsync returned {counted} without starting any job: start every job " +
                "(job() or Task.Run(job)), await them all, then count the faulted tasks.");
        }

        if (starts.Any(s => s != 1))
        {
            throw NotYet($"every job must run exactly once; they ran [{string.Join(", ", starts)}] times.");
        }

        if (counted != failing.Count)
        {
            throw NotYet($"{failing.Count} of {Jobs} jobs failed, but the answer counted {counted}. " +
                "await Task.WhenAll rethrows only the first exception: look at each task afterwards (IsFaulted).");
        }

        if (mostInFlight < Jobs)
        {
            throw NotYet($"at most {mostInFlight} of the {Jobs} jobs ran at once: start them all, then await them all.");
        }

        Console.WriteLine($"✔ All {Jobs} jobs ran at once, and all {failing.Count} failures were counted.");
    }

    private static string Word() => Guid.NewGuid().ToString("N")[..6];

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Volatile.Read(ref target);
        }
    }

    private static async Task<T> Guard<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(HangGuard).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw NotYet($"{what} was still running after {HangGuard.TotalSeconds:0} s. Does it block on a task " +
                "(.Result, .Wait()) whose continuation needs the blocked thread? Await it instead.");
        }
    }

    private static ExerciseCheckException NotYet(string message) => new($"Not yet: {message}");

    /// <summary>Loads that wait until both are in flight and the UI thread has answered a probe (each at most <see cref="GateLimit"/>).</summary>
    private sealed class LoadProbe(UiThread ui)
    {
        private readonly TaskCompletionSource _bothStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _uiAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _calls;
        private int _mostInFlight;
        private int _probeSent;
        private volatile bool _loading;
        private volatile bool _answeredWhileLoading;

        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public int Calls => Volatile.Read(ref _calls);

        public bool UiAnsweredWhileLoading => _answeredWhileLoading;

        public async Task<string> LoadAsync(string value)
        {
            _loading = true;
            Interlocked.Increment(ref _calls);
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostInFlight, now);
            if (now >= 2)
            {
                _bothStarted.TrySetResult();
            }

            if (Interlocked.Exchange(ref _probeSent, 1) == 0)
            {
                ui.Post(() =>
                {
                    _answeredWhileLoading |= _loading;
                    _uiAnswered.TrySetResult();
                });
            }

            var limit = Task.Delay(GateLimit);
            await Task.WhenAny(Task.WhenAll(_bothStarted.Task, _uiAnswered.Task), limit).ConfigureAwait(false);
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                _loading = false;
            }

            return value;
        }
    }

    /// <summary>A UI thread in miniature: a <see cref="SynchronizationContext"/> whose posted work runs in order on one thread.</summary>
    private sealed class UiThread : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<Action> _work = new();

        public UiThread() => new Thread(Loop) { IsBackground = true, Name = "ui (check)" }.Start();

        public override void Post(SendOrPostCallback d, object? state) => Post(() => d(state));

        public void Post(Action action)
        {
            if (!_work.IsAddingCompleted)
            {
                try
                {
                    _work.Add(action);
                }
                catch (InvalidOperationException)
                {
                    // Disposed meanwhile: the check is over, nothing waits for this work any more.
                }
            }
        }

        public Task<T> Run<T>(Func<Task<T>> start)
        {
            var result = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try
                {
                    result.SetResult(start());
                }
                catch (Exception e)
                {
                    result.SetException(e);
                }
            });
            return result.Task.Unwrap();
        }

        public void Dispose() => _work.CompleteAdding();

        private void Loop()
        {
            SetSynchronizationContext(this);
            foreach (var work in _work.GetConsumingEnumerable())
            {
                try
                {
                    work();
                }
                catch (Exception e)
                {
                    // An async void answer that throws: report it instead of ending the kernel's process.
                    Console.WriteLine($"The UI thread caught {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }
}
