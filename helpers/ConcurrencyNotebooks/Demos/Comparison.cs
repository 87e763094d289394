using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Times several methods doing the same job, cold (first run) and warm (best run after it), and shows them as a
/// table and a chart of speed-ups.</summary>
/// <remarks>The first method recorded for a job is its baseline; every speed-up, cold or warm, divides the baseline's warm
/// time (its cold run pays for compiling, which would flatter every other cold run). Not thread-safe: use it from the cell.</remarks>
/// <example><code>
/// var comparison = new Comparison();
/// comparison.Add("I/O", "sequential", () => { foreach (var url in urls) IoWork.Get(url); });
/// comparison.Add("I/O", "async", () => Task.WhenAll(urls.Select(url => IoWork.GetAsync(url))));
/// await comparison.RunAsync("I/O", runs: 3);
/// comparison
/// </code></example>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(ComparisonFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Comparison
{
    private readonly List<(string Job, string Method, TimeSpan Time)> _rows = [];
    private readonly Dictionary<(string Job, string Method), (TimeSpan Time, int PoolThreads)> _cold = [];
    private readonly Dictionary<(string Job, string Method), int> _warmRuns = [];
    private readonly Dictionary<(string Job, string Method), TimeSpan> _spread = [];
    private readonly List<ComparedMethod> _added = [];

    /// <summary>Gets the recorded warm measurements, in the order they were recorded.</summary>
    public IReadOnlyList<(string Job, string Method, TimeSpan Time)> Rows => _rows;

    /// <summary>Records the warm wall time of <paramref name="method"/> on <paramref name="job"/>, and its cold time if known.</summary>
    /// <param name="job">The job, such as "I/O-bound".</param>
    /// <param name="method">The method, such as "threads".</param>
    /// <param name="time">The warm wall time (the best run after the first).</param>
    /// <param name="cold">The first run's wall time, if it was measured.</param>
    /// <param name="spread">How far apart the warm runs were (slowest minus fastest), if several were measured.</param>
    /// <exception cref="ArgumentException">When a time is not positive, the spread negative, or the pair was recorded already.</exception>
    public void Record(string job, string method, TimeSpan time, TimeSpan? cold = null, TimeSpan? spread = null)
    {
        if (spread < TimeSpan.Zero)
        {
            throw new ArgumentException($"The spread of '{method}' on '{job}' must not be negative, not {spread}.", nameof(spread));
        }

        Record(job, method, time, cold is { } first ? (first, 0) : null);
        if (spread is { } measured)
        {
            _spread[(job, method)] = measured;
        }
    }

    private void Record(string job, string method, TimeSpan time, (TimeSpan Time, int PoolThreads)? cold)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        foreach (var t in cold is { } c ? [time, c.Time] : new[] { time })
        {
            if (t <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The time of '{method}' on '{job}' must be positive, not {t}.", nameof(time));
            }
        }

        ThrowIfRecorded(job, [method], nameof(method));
        _rows.Add((job, method, time));
        if (cold is { } measured)
        {
            _cold[(job, method)] = measured;
        }
    }

    /// <summary>Adds blocking code that does the whole <paramref name="job"/> once, to be timed by <see cref="RunAsync(string, int, CancellationToken)"/>.</summary>
    /// <param name="job">The job, such as "I/O-bound".</param>
    /// <param name="method">The method's name, such as "threads".</param>
    /// <param name="run">The code; it runs on a thread of its own, as a cell's code does (not on a pool thread).</param>
    /// <exception cref="ArgumentException">When the method was added or recorded for this job already.</exception>
    public void Add(string job, string method, Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        AddMethod(new ComparedMethod(job, method, run, null));
    }

    /// <summary>Adds async code that does the whole <paramref name="job"/> once, to be timed by <see cref="RunAsync(string, int, CancellationToken)"/> (awaited, never blocked on).</summary>
    /// <param name="job">The job, such as "I/O-bound".</param>
    /// <param name="method">The method's name, such as "async".</param>
    /// <param name="run">The code.</param>
    /// <exception cref="ArgumentException">When the method was added or recorded for this job already.</exception>
    public void Add(string job, string method, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        AddMethod(new ComparedMethod(job, method, null, run));
    }

    private void AddMethod(ComparedMethod method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method.Job);
        ArgumentException.ThrowIfNullOrWhiteSpace(method.Name);
        if (_added.Any(m => m.Job == method.Job && m.Name == method.Name))
        {
            throw new ArgumentException($"'{method.Name}' on '{method.Job}' is added already.", nameof(method));
        }

        ThrowIfRecorded(method.Job, [method.Name], nameof(method));
        _added.Add(method);
    }

    /// <summary>Times every method added for <paramref name="job"/>: first one cold run of each, in the order added, then
    /// <paramref name="runs"/> warm rounds (each method once per round), and records each one's first and best time.</summary>
    /// <param name="job">The job whose added methods to time.</param>
    /// <param name="runs">How many warm rounds (at least 1).</param>
    /// <param name="cancellationToken">Stops between runs; when none is given, the kernel's Stop button does.</param>
    /// <returns>A task that completes when every method is recorded.</returns>
    /// <remarks>The cold run is what a program meets once: the thread pool as it is (the table shows its thread count),
    /// nothing grown for this job yet. Before the warm rounds it waits for the JIT's background work. Interleaving the
    /// warm rounds spreads a slow spell of the machine over every method instead of handing it to one.</remarks>
    /// <exception cref="InvalidOperationException">When no method was added for the job.</exception>
    /// <exception cref="OperationCanceledException">When the user presses Stop between runs.</exception>
    public Task RunAsync(string job, int runs = 3, CancellationToken cancellationToken = default) =>
        RunAsync(job, runs, TimeProvider.System, token => JitSettle.WaitAsync(JitSettle.Quiet, JitSettle.Longest, token),
            cancellationToken);

    /// <summary>Does what the public <see cref="RunAsync(string, int, CancellationToken)"/> does, on <paramref name="clock"/>, settling with <paramref name="settle"/>.</summary>
    internal async Task RunAsync(string job, int runs, TimeProvider clock, Func<CancellationToken, Task> settle, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var methods = _added.Where(m => m.Job == job).ToList();
        if (methods.Count == 0)
        {
            throw new InvalidOperationException($"No method is added for '{job}': call Add first.");
        }

        cancellationToken = cancellationToken.CanBeCanceled ? cancellationToken : Notebook.StopToken;
        var cold = new Dictionary<string, (TimeSpan Time, int PoolThreads)>();
        var best = methods.ToDictionary(m => m.Name, _ => TimeSpan.MaxValue);
        var worst = methods.ToDictionary(m => m.Name, _ => TimeSpan.Zero);
        using (var progress = CellProgress.Start($"measuring {job}: one cold round, then {runs} warm", runs + 1))
        {
            foreach (var method in methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var poolThreads = ThreadPool.ThreadCount;
                cold[method.Name] = (await method.TimeAsync(clock, cancellationToken).ConfigureAwait(false), poolThreads);
            }

            progress.Advance();
            await settle(cancellationToken).ConfigureAwait(false);
            for (var round = 0; round < runs; round++)
            {
                foreach (var method in methods)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var time = await method.TimeAsync(clock, cancellationToken).ConfigureAwait(false);
                    best[method.Name] = time < best[method.Name] ? time : best[method.Name];
                    worst[method.Name] = time > worst[method.Name] ? time : worst[method.Name];
                }

                progress.Advance();
            }
        }

        foreach (var method in methods)
        {
            _added.Remove(method);
            Record(job, method.Name, best[method.Name], cold[method.Name]);
            _warmRuns[(job, method.Name)] = runs;
            _spread[(job, method.Name)] = worst[method.Name] - best[method.Name];
        }
    }

    private void ThrowIfRecorded(string job, IEnumerable<string> methods, string parameter)
    {
        if (methods.FirstOrDefault(method => _rows.Any(r => r.Job == job && r.Method == method)) is { } recorded)
        {
            throw new ArgumentException($"'{recorded}' on '{job}' is recorded already.", parameter);
        }
    }

    /// <summary>Gets the jobs, in the order first recorded.</summary>
    public IReadOnlyList<string> Jobs => _rows.Select(r => r.Job).Distinct().ToList();

    /// <summary>Gets the methods, in the order first recorded.</summary>
    public IReadOnlyList<string> Methods => _rows.Select(r => r.Method).Distinct().ToList();

    /// <summary>Gets the wall time of a method on a job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The recorded time.</returns>
    /// <exception cref="KeyNotFoundException">When that pair was not recorded.</exception>
    public TimeSpan Time(string job, string method) =>
        _rows.FirstOrDefault(r => r.Job == job && r.Method == method) is { Job: not null } row
            ? row.Time
            : throw new KeyNotFoundException($"No time recorded for '{method}' on '{job}'.");

    /// <summary>Gets how many times faster a method ran a job warm than the job's baseline (its first recorded method) did.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>Baseline time divided by the method's time.</returns>
    public double SpeedUp(string job, string method) => Baseline(job).Time / Time(job, method);

    /// <summary>Gets the wall time of a method's first (cold) run on a job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The cold time.</returns>
    /// <exception cref="KeyNotFoundException">When no cold run of that pair was measured.</exception>
    public TimeSpan ColdTime(string job, string method) =>
        _cold.TryGetValue((job, method), out var cold) ? cold.Time : throw new KeyNotFoundException($"No cold run measured for '{method}' on '{job}'.");

    /// <summary>Gets how many threads the thread pool had when a method's cold run started.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The pool's thread count, or 0 when the cold time was recorded by hand.</returns>
    /// <exception cref="KeyNotFoundException">When no cold run of that pair was measured.</exception>
    public int ColdPoolThreads(string job, string method) =>
        _cold.TryGetValue((job, method), out var cold) ? cold.PoolThreads : throw new KeyNotFoundException($"No cold run measured for '{method}' on '{job}'.");

    /// <summary>Gets how many times faster a method's cold run was than the baseline's warm run.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The baseline's warm time divided by the method's cold time (the baseline's own is below 1× by what its
    /// first run paid to compile).</returns>
    /// <exception cref="KeyNotFoundException">When the method's cold run was not measured.</exception>
    public double ColdSpeedUp(string job, string method) => Baseline(job).Time / ColdTime(job, method);

    /// <summary>Gets the fastest method for a job, warm.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The method with the shortest warm time.</returns>
    public string Fastest(string job) => _rows.Where(r => r.Job == job).MinBy(r => r.Time).Method
        ?? throw new KeyNotFoundException($"Nothing recorded for '{job}'.");

    /// <summary>Gets how far apart a method's warm runs were: its slowest minus its fastest, zero when not measured.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">The method.</param>
    /// <returns>The spread of the repetitions, the noise a difference between two methods must beat to count.</returns>
    public TimeSpan Spread(string job, string method) => _spread.TryGetValue((job, method), out var spread) ? spread : TimeSpan.Zero;

    /// <summary>Gets the methods tied for fastest warm: the fastest, then each method whose best time falls within the
    /// range of the fastest method's own warm runs (its best plus its spread), fastest first.</summary>
    /// <param name="job">The job.</param>
    /// <returns>One method when the fastest beat every other by more than its own runs scattered.</returns>
    /// <remarks>A method whose best run is slower than every run of the fastest is beaten on every repetition; one whose
    /// best lies inside that range could have won on another run.</remarks>
    public IReadOnlyList<string> TiedFastest(string job)
    {
        var fastest = Fastest(job);
        var margin = Time(job, fastest) + Spread(job, fastest);
        return _rows.Where(r => r.Job == job && r.Time <= margin).OrderBy(r => r.Time).Select(r => r.Method).ToList();
    }

    /// <summary>Gets whether some method beat the baseline warm by at least <paramref name="minSpeedUp"/>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="minSpeedUp">The least speed-up that counts as a gain.</param>
    /// <returns>False when no method did: with two cores or more, other programs kept the machine busy.</returns>
    public bool Gained(string job, double minSpeedUp = DefaultMinSpeedUp) =>
        _rows.Where(r => r.Job == job).Max(r => SpeedUp(job, r.Method)) >= minSpeedUp;

    /// <summary>The least speed-up <see cref="Gained"/> and <see cref="Verdict"/> count as a gain unless told otherwise.</summary>
    /// <remarks>Below what two cores give on a quiet machine, above how far a busy machine scatters even sequential methods.</remarks>
    public const double DefaultMinSpeedUp = 1.5;

    /// <summary>Names the fastest method for a job warm, or, when no method gained <paramref name="minSpeedUp"/>, says
    /// that the figures are not meaningful and why.</summary>
    /// <param name="job">The job.</param>
    /// <param name="minSpeedUp">The least speed-up that counts as a gain.</param>
    /// <returns>One sentence.</returns>
    public string Verdict(string job, double minSpeedUp = DefaultMinSpeedUp)
    {
        var fastest = Fastest(job);
        var best = string.Create(CultureInfo.InvariantCulture, $"{SpeedUp(job, fastest):0.0}×");
        if (Gained(job, minSpeedUp))
        {
            var tied = TiedFastest(job);
            if (tied.Count == 1)
            {
                return $"{job}: fastest here {fastest} ({best} warm), ahead of the rest by more than its own repeated runs scattered.";
            }

            var times = string.Join(", ", tied.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m} {Time(job, m).TotalMilliseconds:N0} ms")));
            var noise = Spread(job, fastest).TotalMilliseconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"{job}: tied for fastest ({times}): their best times lie within the spread of {fastest}'s own repeated runs ({noise:N0} ms), so this run cannot rank them.");
        }

        var cores = Environment.ProcessorCount;
        return cores < 2
            ? $"{job}: no method beat {Baseline(job).Method} by {minSpeedUp}× (best {best}): with one core, " +
              "only waiting can overlap, never computing."
            : $"{job}: no fastest method named: the best warm speed-up was {best} on {cores} cores, so other " +
              "programs kept the machine busy while it ran and these rows are not meaningful. " +
              "Rerun when the machine is quiet.";
    }

    /// <summary>Says whether a thread-pool method's cold run met a pool too small for it: its cold speed-up well below its
    /// warm one, beside the pool's thread count then and now.</summary>
    /// <param name="job">The job.</param>
    /// <param name="method">A method that runs its jobs on the thread pool.</param>
    /// <param name="jobs">How many jobs could wait at once (a warm speed-up near it means the pool had threads enough).</param>
    /// <returns>One sentence.</returns>
    public string ExplainColdPool(string job, string method, int jobs)
    {
        ThreadPool.GetMinThreads(out var minThreads, out _);
        var poolWasShort = ColdSpeedUp(job, method) < 0.8 * SpeedUp(job, method);
        var warmHadEnough = SpeedUp(job, method) > 0.8 * jobs;
        var verdict = poolWasShort && warmHadEnough ? "its cold run waited for the pool to grow."
            : poolWasShort ? "its cold run waited for the pool to grow, and even its warm runs queued for threads: " +
              $"{SpeedUp(job, method):0.0}×, where all {jobs} jobs waiting at once would give about {jobs}×."
            : warmHadEnough ? "cold and warm are alike here, as the pool already had threads enough."
            : "cold and warm are alike here: in both, the jobs queued for the pool's few threads.";
        return $"The pool had {ColdPoolThreads(job, method)} threads at the cold run of {method} (minimum {minThreads}) " +
            $"and has {ThreadPool.ThreadCount} now: {verdict}";
    }

    /// <summary>Says what cold and warm mean for a job's figures: the pool's size at the cold runs, the warm runs' count.</summary>
    /// <param name="job">The job.</param>
    /// <returns>One sentence.</returns>
    public string Legend(string job)
    {
        var methods = _rows.Where(r => r.Job == job).Select(r => r.Method).ToList();
        var threads = methods.Where(m => _cold.ContainsKey((job, m))).Select(m => _cold[(job, m)].PoolThreads).Where(n => n > 0).ToList();
        var runs = methods.Where(m => _warmRuns.ContainsKey((job, m))).Select(m => _warmRuns[(job, m)]).Distinct().Order().ToList();
        var pool = threads.Count == 0 ? "" : threads.Min() == threads.Max()
            ? $" (the thread pool had {threads[0]} threads)"
            : $" (the thread pool had {threads.Min()} to {threads.Max()} threads)";
        var best = runs.Count == 0 ? "its best time" : $"the best of {string.Join(" or ", runs)} runs after it";
        return $"{job}: cold = each method's first run{pool}; warm = {best}; " +
            $"speed-ups divide {Baseline(job).Method}'s warm time.";
    }

    /// <summary>Builds a grouped column chart of one job's speed-ups: one group per method, cold and warm side by side.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The chart, on a linear axis of its own, so a job's small speed-ups are not dwarfed by another's large ones.</returns>
    public GenericChart Chart(string job) => Chart([job], $"{job}: speed-up over {Baseline(job).Method}'s warm run (higher is better)");

    /// <summary>Builds a grouped column chart of speed-ups: one group per method, one colour per job and cold/warm.</summary>
    /// <param name="jobs">The jobs to show.</param>
    /// <param name="title">The chart title.</param>
    /// <returns>The chart; a method not measured on a job has no bar there.</returns>
    public GenericChart Chart(IEnumerable<string> jobs, string title)
    {
        var traces = new List<GenericChart>();
        foreach (var job in jobs)
        {
            var measured = Methods.Where(m => Has(job, m)).ToList();
            var cold = measured.Where(m => _cold.ContainsKey((job, m))).ToList();
            if (cold.Count > 0)
            {
                traces.Add(Bars($"{job}: cold", cold, cold.Select(m => ColdSpeedUp(job, m)).ToList()));
            }

            traces.Add(Bars(cold.Count > 0 ? $"{job}: warm" : job, measured, measured.Select(m => SpeedUp(job, m)).ToList()));
        }

        return Charts.QuickChart.Titled(Plotly.NET.CSharp.Chart.Combine(traces), title, "speed-up (×)", logScale: false, width: 760, height: 420);
    }

    private static GenericChart Bars(string name, IReadOnlyList<string> methods, IReadOnlyList<double> speedUps) =>
        Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: speedUps,
            Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(methods, true),
            Name: new Plotly.NET.CSharp.Optional<string>(name, true),
            MultiText: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(speedUps.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture) + "×").ToList(), true),
            TextPosition: new Plotly.NET.CSharp.Optional<StyleParam.TextPosition>(StyleParam.TextPosition.Auto, true));

    /// <summary>Renders the measurements as an HTML table (one row per method, cold and warm per job) and its legend.</summary>
    /// <returns>An HTML table.</returns>
    public string ToHtml()
    {
        var html = new StringBuilder("<table><thead><tr><th>method</th>");
        foreach (var job in Jobs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(job)}: cold</th><th>{Encode(job)}: warm</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var method in Methods)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(method)}</td>");
            foreach (var job in Jobs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"text-align:right\">{Cell(job, method, cold: true)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"text-align:right\">{Cell(job, method, cold: false)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        foreach (var job in Jobs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div>{Encode(Legend(job))}</div>");
        }

        return html.ToString();
    }

    /// <summary>Renders the measurements as a plain-text table and its legend.</summary>
    /// <returns>One line per method, then one legend line per job.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("method".PadRight(24));
        foreach (var job in Jobs)
        {
            text.Append(Trim(job + ": cold").PadLeft(22)).Append(Trim(job + ": warm").PadLeft(22));
        }

        foreach (var method in Methods)
        {
            text.AppendLine().Append(method.PadRight(24));
            foreach (var job in Jobs)
            {
                text.Append(Cell(job, method, cold: true).PadLeft(22)).Append(Cell(job, method, cold: false).PadLeft(22));
            }
        }

        foreach (var job in Jobs)
        {
            text.AppendLine().Append(Legend(job));
        }

        return text.ToString();
    }

    private static string Trim(string text) => text.Length <= 20 ? text : text[..19] + "…";

    private string Cell(string job, string method, bool cold)
    {
        if (!Has(job, method) || (cold && !_cold.ContainsKey((job, method))))
        {
            return "";
        }

        var (time, speedUp) = cold ? (ColdTime(job, method), ColdSpeedUp(job, method)) : (Time(job, method), SpeedUp(job, method));
        return string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:N0} ms · {speedUp:0.0}×");
    }

    private bool Has(string job, string method) => _rows.Any(r => r.Job == job && r.Method == method);

    private (string Job, string Method, TimeSpan Time) Baseline(string job) =>
        _rows.FirstOrDefault(r => r.Job == job) is { Job: not null } row ? row : throw new KeyNotFoundException($"Nothing recorded for '{job}'.");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
