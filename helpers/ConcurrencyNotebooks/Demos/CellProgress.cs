using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Shows "label: k/n" under a running cell and updates it from any thread; prints lines outside a notebook.</summary>
/// <remarks>
/// <para>Create it on the cell's own thread (the kernel ties displays to the running cell); then
/// <see cref="Advance"/> may be called from any thread. After the cell ends the kernel ignores updates.</para>
/// </remarks>
/// <example><code>
/// using (var progress = CellProgress.Start("requests", 10))
/// {
///     Parallel.For(0, 10, i => { Work(i); progress.Advance(); });
/// }
/// </code></example>
public sealed class CellProgress : IDisposable
{
    private readonly string _label;
    private readonly int _total;
    private readonly DisplayedValue? _display;
    private readonly DateTime _started = DateTime.UtcNow;
    private int _done;

    private CellProgress(string label, int total, DisplayedValue? display)
    {
        _label = label;
        _total = total;
        _display = display;
    }

    /// <summary>Gets how many steps are done.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Starts showing progress for <paramref name="total"/> steps.</summary>
    /// <param name="label">What is being counted.</param>
    /// <param name="total">How many steps make the whole job (at least 1).</param>
    /// <returns>The progress display.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="total"/> is less than 1.</exception>
    public static CellProgress Start(string label, int total)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        DisplayedValue? display = null;
        if (KernelInvocationContext.Current is { } context)
        {
            display = KernelInvocationContextExtensions.Display(context, Text(label, 0, total, TimeSpan.Zero), "text/plain");
        }
        else
        {
            Console.WriteLine(Text(label, 0, total, TimeSpan.Zero));
        }

        return new CellProgress(label, total, display);
    }

    /// <summary>Marks one more step done and refreshes the display.</summary>
    public void Advance()
    {
        var done = Interlocked.Increment(ref _done);
        var text = Text(_label, done, _total, DateTime.UtcNow - _started);
        if (_display is not null)
        {
            _display.Update(text);
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    /// <summary>Shows the final count.</summary>
    public void Dispose() =>
        _display?.Update(Text(_label, Done, _total, DateTime.UtcNow - _started) + (Done >= _total ? " ✔" : " (stopped)"));

    private static string Text(string label, int done, int total, TimeSpan elapsed) =>
        $"{label}: {done}/{total} in {elapsed.TotalSeconds:F1} s";
}
