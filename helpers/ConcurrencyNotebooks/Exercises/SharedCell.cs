namespace ConcurrencyNotebooks.Exercises;

/// <summary>A number that tasks update with read … await … write, and that notices when two updates overlap.</summary>
/// <remarks>Thread-safe bookkeeping: <see cref="Overlaps"/> counts every <see cref="Read"/> made while another task
/// had read and not yet written back, which is exactly when an update can be lost.</remarks>
public sealed class SharedCell
{
    private int _value;
    private int _inside;
    private int _overlaps;
    private int _reads;
    private int _writes;

    /// <summary>Reads the value, starting an update that <see cref="Write"/> ends.</summary>
    /// <returns>The current value.</returns>
    public int Read()
    {
        Interlocked.Increment(ref _reads);
        if (Interlocked.Increment(ref _inside) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        return Volatile.Read(ref _value);
    }

    /// <summary>Writes the value, ending the update a <see cref="Read"/> started.</summary>
    /// <param name="value">The new value.</param>
    public void Write(int value)
    {
        Interlocked.Increment(ref _writes);
        Volatile.Write(ref _value, value);
        Interlocked.Decrement(ref _inside);
    }

    /// <summary>Gets the value.</summary>
    public int Value => Volatile.Read(ref _value);

    /// <summary>Gets how many reads started while another update was in progress.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>Gets how many reads there were.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Gets how many writes there were.</summary>
    public int Writes => Volatile.Read(ref _writes);
}
