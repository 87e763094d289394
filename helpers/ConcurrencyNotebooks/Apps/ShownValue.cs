namespace ConcurrencyNotebooks.Apps;

/// <summary>A value an exported app has shown, which can be replaced: the app's twin of the kernel's <c>DisplayedValue</c>.</summary>
/// <remarks>A terminal cannot redraw an earlier output, so an update prints a new line; a handout built from the app's
/// transcript shows only the last value, as a notebook does.</remarks>
public sealed class ShownValue
{
    internal ShownValue(string id) => Id = id;

    /// <summary>Gets the display id that ties updates to the first display.</summary>
    public string Id { get; }

    /// <summary>Replaces the shown value.</summary>
    /// <param name="value">The new value.</param>
    public void Update(object? value) => NotebookApp.Show(value, Id, update: true);
}
