using System.Globalization;
using System.Net;
using ConcurrencyNotebooks.Charts;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>A chart of a <see cref="Timeline"/> under the running cell that redraws from a timer while the cell works;
/// returned by <see cref="Timeline.ShowLive()"/>.</summary>
/// <remarks>
/// <para>Created on the cell's thread, it shows a placeholder at once (cheap: the cell's work starts without delay), then a
/// dedicated background thread (not a pool thread: a starved pool would delay it) draws the chart and redraws it
/// every refresh interval (at most <see cref="LiveMaxBars"/> bars, so each redraw stays small: the kernel re-sends the
/// whole chart). <see cref="Dispose"/> stops the timer and replaces the display with the final, full chart
/// (the same one the timeline shows as a cell result), so there is no need to show the timeline again afterwards.</para>
/// <para>Thread-safety: spans may be recorded on any thread while the view redraws (it works on snapshots).
/// <see cref="Dispose"/> may run on any thread, is idempotent, and no redraw reaches the display after it returns:
/// a redraw already rendering when Dispose starts is dropped. Redraws never overlap.</para>
/// <para>Redraws stop by themselves when the cell ends (the kernel ignores updates after that), so a view that is
/// never disposed only costs until then. Outside a notebook kernel nothing is drawn live:
/// <see cref="Dispose"/> prints the text timeline (<see cref="TextTimeline"/>) once.</para>
/// <para>Redraws use CPU (the first chart of a session the most, for the JIT), which the process's busy cores
/// show. With <see cref="Timeline.SampleThreadPool(TimeSpan?)"/>, put the sampler inside the view,
/// <c>using (tl.ShowLive()) using (tl.SampleThreadPool()) { … }</c>, so its last reading is on the final chart.</para>
/// </remarks>
/// <example><code>
/// var tl = new Timeline("ten blocking jobs");
/// using (tl.ShowLive())
/// {
///     Parallel.For(0, 10, i =&gt; tl.Record($"job {i}", () =&gt; Thread.Sleep(200)));
/// }
/// </code></example>
public sealed class TimelineLiveView : IDisposable
{
    /// <summary>The time between redraws that <see cref="Timeline.ShowLive()"/> uses.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromMilliseconds(400);

    /// <summary>The shortest time between redraws allowed.</summary>
    public static readonly TimeSpan MinRefresh = TimeSpan.FromMilliseconds(100);

    /// <summary>The most span bars a redraw draws while running (the final chart draws up to <see cref="TimelineChart.DefaultMaxBars"/>).</summary>
    public const int LiveMaxBars = 400;

    private readonly object _gate = new();
    private readonly Timeline _timeline;
    private readonly Func<string, bool>? _show;
    private readonly Action<string> _print;
    private readonly TickThread? _ticks;
    private readonly DateTime _started = DateTime.UtcNow;
    private bool _disposed;
    private bool _stopped;
    private int _updates;

    /// <summary>Initializes a view; <see cref="Start"/> is the public path.</summary>
    /// <param name="timeline">The timeline to draw.</param>
    /// <param name="refresh">The time between redraws.</param>
    /// <param name="show">Replaces the displayed HTML; returns false when the display is gone (cell ended). Null outside a kernel.</param>
    /// <param name="print">Writes the text timeline at Dispose when <paramref name="show"/> is null.</param>
    /// <param name="startTimer">False to redraw only through <see cref="Tick"/> (tests).</param>
    internal TimelineLiveView(Timeline timeline, TimeSpan refresh, Func<string, bool>? show, Action<string> print, bool startTimer)
    {
        _timeline = timeline;
        Refresh = refresh;
        _show = show;
        _print = print;
        if (show is not null && startTimer)
        {
            _ticks = new TickThread("timeline live view", refresh, Tick);
        }
    }

    /// <summary>Gets the time between redraws.</summary>
    public TimeSpan Refresh { get; }

    /// <summary>Gets whether the view draws in a notebook (false: it prints text once when disposed).</summary>
    public bool IsLive => _show is not null;

    /// <summary>Gets how many times the display was updated (redraws plus the final chart).</summary>
    internal int UpdateCount => Volatile.Read(ref _updates);

    /// <summary>Stops redrawing and shows the final chart (in a notebook) or prints the text timeline (elsewhere).</summary>
    /// <remarks>Idempotent; any thread. Never throws for a chart that fails to draw: the display then says why.</remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _ticks?.Dispose();
        }

        if (_show is null)
        {
            _print(TextTimeline.Render(_timeline));
            return;
        }

        var html = Render(live: false);
        lock (_gate)
        {
            if (!_stopped)
            {
                _show(html);
                _updates++;
            }
        }
    }

    /// <summary>Starts a view: in a kernel cell a display showing the chart now; elsewhere a view that prints at Dispose.</summary>
    /// <param name="timeline">The timeline to draw.</param>
    /// <param name="refresh">The time between redraws.</param>
    /// <param name="context">The running cell's context, or null outside a kernel.</param>
    /// <param name="print">Where the text goes outside a kernel.</param>
    /// <returns>The running view.</returns>
    internal static TimelineLiveView Start(Timeline timeline, TimeSpan refresh, KernelInvocationContext? context, Action<string> print)
    {
        if (context is null)
        {
            return new TimelineLiveView(timeline, refresh, show: null, print, startTimer: false);
        }

        // A placeholder, not a chart: the first chart of a session costs ~0.5 s of JIT, which would delay the cell's
        // own work (and show as a gap on its timeline). The timer draws the first chart after one refresh interval.
        var placeholder = $"<div style=\"min-height:360px;font-family:sans-serif;color:#666\">{WebUtility.HtmlEncode(timeline.Title)}: recording, the chart appears in {refresh.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s…</div>";
        var display = KernelInvocationContextExtensions.Display(context, new HtmlString(placeholder), "text/html");
        return new TimelineLiveView(timeline, refresh, html =>
        {
            if (context.IsComplete)
            {
                return false;
            }

            display.Update(new HtmlString(html));
            return true;
        }, print, startTimer: true);
    }

    /// <summary>Redraws once, unless disposed or stopped.</summary>
    /// <returns>True when the display was updated; false when the view is disposed or its display is gone.</returns>
    internal bool Tick()
    {
        if (_show is null || Volatile.Read(ref _disposed))
        {
            return false;
        }

        var html = Render(live: true);
        lock (_gate)
        {
            if (_disposed || _stopped)
            {
                return false;
            }

            if (!_show(html))
            {
                _stopped = true;
                return false;
            }

            _updates++;
            return true;
        }
    }

    private static string Render(Timeline timeline, bool live, double seconds = 0)
    {
        try
        {
            var note = live ? string.Create(CultureInfo.InvariantCulture, $"live: running for {seconds:F1} s, redrawing…") : null;
            return ChartHtml.Render(TimelineChart.Create(timeline, live ? LiveMaxBars : TimelineChart.DefaultMaxBars, note));
        }
        catch (Exception e)
        {
            return $"<pre>{WebUtility.HtmlEncode($"The timeline chart could not be drawn: {e.GetType().Name}: {e.Message}")}</pre>";
        }
    }

    private string Render(bool live) => Render(_timeline, live, (DateTime.UtcNow - _started).TotalSeconds);
}
