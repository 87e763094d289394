namespace ConcurrencyNotebooks.Exercises;

/// <summary>A bank account for the lock-ordering exercise: an id to order by, a gate to lock, a balance.</summary>
/// <param name="id">The account's number; unique.</param>
public sealed class Account(int id)
{
    /// <summary>Gets the account's number.</summary>
    public int Id { get; } = id;

    /// <summary>Gets the object to lock while changing this account.</summary>
    public object Gate { get; } = new();

    /// <summary>Gets or sets the balance; change it only while holding <see cref="Gate"/>.</summary>
    public int Balance { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"account {Id}";
}
