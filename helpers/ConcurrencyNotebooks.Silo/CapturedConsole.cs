using System.Text;

namespace ConcurrencyNotebooks.Silo;

/// <summary>Gives each chunk a console of its own: what a shipped function writes goes back with its results, as in a pool worker.</summary>
/// <remarks>Chunks run side by side in one silo process, so Console.Out cannot be swapped per chunk as a worker does: it is
/// swapped once for a writer that sends each write to the capture of the chunk running on that async flow, or to the
/// silo's own stdout outside a chunk.</remarks>
internal sealed class CapturedConsole : TextWriter
{
    private static readonly AsyncLocal<StringWriter?> Current = new();
    private static readonly Lock Gate = new();
    private static TextWriter? _stdout;

    private CapturedConsole()
    {
    }

    /// <inheritdoc/>
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Starts capturing this flow's console output; read it from <paramref name="capture"/>, end it by disposing the result.</summary>
    public static IDisposable Begin(out StringWriter capture)
    {
        lock (Gate)
        {
            if (_stdout is null)
            {
                _stdout = Console.Out;
                Console.SetOut(new CapturedConsole());
            }
        }

        capture = new StringWriter();
        Current.Value = capture;
        return new End();
    }

    /// <inheritdoc/>
    public override void Write(char value) => Target.Write(value);

    /// <inheritdoc/>
    public override void Write(string? value) => Target.Write(value);

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Target.WriteLine(value);

    /// <inheritdoc/>
    public override void Flush() => Target.Flush();

    private static TextWriter Target => Current.Value ?? _stdout ?? TextWriter.Null;

    private sealed class End : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
