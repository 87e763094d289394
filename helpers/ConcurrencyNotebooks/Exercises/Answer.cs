using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Exercises;

/// <summary>Runs a learner's answer for a check, turning what it throws into one readable "not yet".</summary>
internal static class Answer
{
    /// <summary>Runs <paramref name="answer"/>; an exception it throws (except Stop) becomes an <see cref="ExerciseCheckException"/>.</summary>
    public static T Run<T>(Func<T> answer)
    {
        try
        {
            return answer();
        }
        catch (Exception e) when (e is not (OperationCanceledException or ExerciseCheckException))
        {
            throw NotYet(e);
        }
    }

    /// <summary>Awaits <paramref name="answer"/>; an exception it throws (except Stop) becomes an <see cref="ExerciseCheckException"/>.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> answer)
    {
        try
        {
            return await answer().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ExerciseCheckException))
        {
            throw NotYet(e);
        }
    }

    private static ExerciseCheckException NotYet(Exception e) => new(
        $"Not yet: your answer threw {e.GetType().Name}: {(e is WorkerCrashedException crash ? FirstLine(crash.Message) : e.Message)}");

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');
}
