namespace ConcurrencyNotebooks.Exercises;

/// <summary>Thrown by an exercise check while the answer is missing or wrong; the message says what the check saw.</summary>
public sealed class NotYetException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with "Not yet: ".</summary>
    /// <param name="message">What the check saw, and what it expected instead.</param>
    public NotYetException(string message)
        : base("Not yet: " + message)
    {
    }
}
