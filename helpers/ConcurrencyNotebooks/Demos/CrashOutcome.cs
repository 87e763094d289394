using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Demos;

/// <summary>What happened to a call into a worker process: it crashed the worker, threw, or returned.</summary>
/// <param name="Crashed">Whether the worker's process ended (a <see cref="WorkerCrashedException"/>).</param>
/// <param name="Description">One line saying what happened, generated from the outcome.</param>
public sealed record CrashOutcome(bool Crashed, string Description)
{
    /// <summary>Runs <paramref name="call"/> (a <c>pool.Map</c>) and records whether the worker crashed, threw, or returned.</summary>
    /// <typeparam name="T">What the call returns.</typeparam>
    /// <param name="call">The call into the worker.</param>
    /// <returns>The outcome; its <see cref="Description"/> starts with ✘ for a crash and ✔ otherwise.</returns>
    public static CrashOutcome Of<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var value = call();
            var shown = value is System.Collections.IEnumerable list and not string
                ? string.Join(", ", list.Cast<object?>()) : $"{value}";
            return new(false, $"✔ the worker survived and returned [{shown}]");
        }
        catch (WorkerCrashedException e)
        {
            return new(true, $"✘ the worker's process ended: {e.Message}");
        }
        catch (RemoteTaskException e)
        {
            return new(false, $"✔ the worker survived; the call threw {e.RemoteType}: {e.RemoteMessage}");
        }
    }

    /// <summary>Returns <see cref="Description"/>.</summary>
    /// <returns>The one-line description.</returns>
    public override string ToString() => Description;
}
