namespace ConcurrencyNotebooks.Exercises;

/// <summary>Reports that an exercise's answer is not right yet; the message says what the check saw and what to fix.</summary>
/// <remarks>Its text is only the message: the check's own stack frames would tell the learner nothing.</remarks>
public sealed class ExerciseCheckException : Exception
{
    /// <summary>Creates the exception with what the check saw.</summary>
    /// <param name="message">What is not right yet, and a hint.</param>
    public ExerciseCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Returns the message alone, as a notebook shows it.</summary>
    public override string ToString() => Message;
}
