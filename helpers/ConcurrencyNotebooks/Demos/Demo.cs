using System.Globalization;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Holds the time-scale knob that keeps the guide's <c>sleep(2)</c> faithful in class and fast in CI.</summary>
/// <remarks>
/// <para><see cref="TimeScale"/> starts from the environment variable <c>CONCURRENCY_NOTEBOOKS_TIME_SCALE</c>
/// (the test suite sets 0.05) and is 1 otherwise. A teacher can set it in the setup cell.</para>
/// <para>Reading the scale is thread-safe; set it before the demos run.</para>
/// </remarks>
/// <example><code>
/// Demo.TimeScale = 1;             // in class: Demo.Seconds(2) is two real seconds
/// Thread.Sleep(Demo.Seconds(2));  // the guide's time.sleep(2)
/// </code></example>
public static class Demo
{
    /// <summary>The environment variable that sets the initial <see cref="TimeScale"/>.</summary>
    public const string TimeScaleVariable = "CONCURRENCY_NOTEBOOKS_TIME_SCALE";

    private static double _timeScale = ReadTimeScale(Environment.GetEnvironmentVariable(TimeScaleVariable));

    /// <summary>Gets or sets the factor every demo duration is multiplied by (1 = real time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When set to zero, a negative number, NaN or more than 100.</exception>
    public static double TimeScale
    {
        get => Volatile.Read(ref _timeScale);
        set
        {
            if (!(value > 0 && value <= 100))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The time scale must be above 0 and at most 100 (1 = real time, 0.05 = twenty times faster).");
            }

            Volatile.Write(ref _timeScale, value);
        }
    }

    /// <summary>Converts the guide's seconds into a demo duration, scaled by <see cref="TimeScale"/>.</summary>
    /// <param name="seconds">The duration the guide uses, in seconds.</param>
    /// <returns>The scaled duration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="seconds"/> is negative or not finite.</exception>
    public static TimeSpan Seconds(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A demo duration must be a finite number of seconds, 0 or more.");
        }

        return TimeSpan.FromSeconds(seconds * TimeScale);
    }

    /// <summary>Blocks the calling thread for the guide's <paramref name="seconds"/>, scaled: the twin of <c>time.sleep</c>, but Stop wakes it.</summary>
    /// <param name="seconds">The duration the guide uses, in seconds.</param>
    /// <remarks>Like <see cref="Thread.Sleep(TimeSpan)"/> it holds the thread; unlike it, the kernel's Stop button
    /// (which threads started by the cell inherit) ends the wait with <see cref="OperationCanceledException"/>.</remarks>
    /// <exception cref="OperationCanceledException">When the user presses Stop.</exception>
    public static void SleepSeconds(double seconds)
    {
        var token = Notebook.StopToken;
        token.WaitHandle.WaitOne(Seconds(seconds));
        token.ThrowIfCancellationRequested();
    }

    /// <summary>Waits the guide's <paramref name="seconds"/>, scaled, without holding a thread: the twin of <c>asyncio.sleep</c>.</summary>
    /// <param name="seconds">The duration the guide uses, in seconds.</param>
    /// <returns>A task that completes after the delay, or is cancelled by the kernel's Stop button.</returns>
    public static Task DelaySecondsAsync(double seconds) => Task.Delay(Seconds(seconds), Notebook.StopToken);

    internal static double ReadTimeScale(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 100)
        {
            return value;
        }

        throw new InvalidOperationException($"{TimeScaleVariable}='{text}' is not a time scale: use a number above 0 and at most 100, such as 1 or 0.05.");
    }
}
