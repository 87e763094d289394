using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Takes a worker pool's cold run apart: on a fresh pool, times starting the workers, compiling a new cell
/// function, its first call in each worker against the next, and a first full run of the work against the next.</summary>
/// <example><code>
/// var steps = await ProcessColdRun.MeasureAsync((int from, int to) => CpuWork.CountPrimes(from, to), slices, workers: 2);
/// Console.WriteLine(steps.Explain(comparison.ColdTime(Cpu, processes), comparison.Time(Cpu, processes)));
/// </code></example>
public sealed record ProcessColdRun
{
    /// <summary>Gets the pool's worker count.</summary>
    public required int Workers { get; init; }

    /// <summary>Gets the time from creating the pool until every worker was ready.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>Gets the time the notebook took to compile the function for the workers.</summary>
    public required TimeSpan Compile { get; init; }

    /// <summary>Gets the first call with a tiny item per worker: shipping the code, loading it and its first JIT there.</summary>
    public required TimeSpan FirstCall { get; init; }

    /// <summary>Gets the same tiny call again: a round trip to warm workers.</summary>
    public required TimeSpan NextCall { get; init; }

    /// <summary>Gets the first run of the whole work.</summary>
    public required TimeSpan FirstRun { get; init; }

    /// <summary>Gets the second run of the same work.</summary>
    public required TimeSpan NextRun { get; init; }

    /// <summary>Starts a fresh pool and times, step by step, what a first map of a new function pays for.</summary>
    /// <param name="countRange">A function defined in the notebook (a new one, so that it is compiled afresh).</param>
    /// <param name="slices">The work: the ranges to count.</param>
    /// <param name="workers">How many worker processes.</param>
    /// <param name="cancellationToken">Stops the measurement; none means the cell's Stop button.</param>
    /// <param name="functionExpression">Filled in by the compiler with the function's source text.</param>
    /// <returns>The timed steps.</returns>
    public static async Task<ProcessColdRun> MeasureAsync(Func<int, int, int> countRange, IReadOnlyList<(int From, int To)> slices,
        int workers, CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(countRange))] string functionExpression = "")
    {
        ArgumentNullException.ThrowIfNull(countRange);
        ArgumentNullException.ThrowIfNull(slices);
        cancellationToken = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        var started = Stopwatch.GetTimestamp();
        await using var pool = new ProcessPool(workers);
        await pool.WaitForWorkersAsync(cancellationToken).ConfigureAwait(false);
        var start = Stopwatch.GetElapsedTime(started);

        started = Stopwatch.GetTimestamp();
        FunctionShipper.Ship(countRange, functionExpression);
        var compile = Stopwatch.GetElapsedTime(started);

        var tiny = Enumerable.Repeat((0, 2), workers).ToList();
        var items = slices.Select(s => (s.From, s.To)).ToList();
        async Task<TimeSpan> Time(List<(int, int)> work)
        {
            var t = Stopwatch.GetTimestamp();
            await pool.StarMapAsync(countRange, work, 1, cancellationToken, functionExpression).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(t);
        }

        return new ProcessColdRun
        {
            Workers = workers, Start = start, Compile = compile,
            FirstCall = await Time(tiny).ConfigureAwait(false), NextCall = await Time(tiny).ConfigureAwait(false),
            FirstRun = await Time(items).ConfigureAwait(false), NextRun = await Time(items).ConfigureAwait(false),
        };
    }

    /// <summary>Says, from these steps, what a cold run on an already started pool paid for beyond its warm run.</summary>
    /// <param name="cold">The cold run measured on a started pool.</param>
    /// <param name="warm">The warm (best) run of the same work.</param>
    /// <returns>A few sentences naming each step's extra cost and the largest one.</returns>
    public string Explain(TimeSpan cold, TimeSpan warm)
    {
        var extras = new (string What, TimeSpan Extra)[]
        {
            ("compiling the new function in the notebook", Compile),
            ("shipping it to the workers, loading it and compiling its first call there", FirstCall - NextCall),
            ("running the work in code the workers had only just compiled", FirstRun - NextRun),
        };
        var largest = extras.MaxBy(e => e.Extra);
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";
        var compared = cold > warm ? $"{Ms(cold - warm)} more than its warm run" : $"no more than its warm run ({Ms(warm)})";
        return $"The pool's cold run took {Ms(cold)}, {compared}; its workers had started before " +
            $"(on a fresh pool of {Workers}, starting them took {Ms(Start)}, which that row did not pay).\n" +
            $"On the fresh pool: compiling the new function took {Ms(Compile)}; its first tiny call took {Ms(FirstCall)}, " +
            $"the next {Ms(NextCall)}; the first full run took {Ms(FirstRun)}, the next {Ms(NextRun)}.\n" +
            $"The largest extra here: {largest.What} ({Ms(largest.Extra)}).";
    }
}
