using Microsoft.CodeAnalysis;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>One cell the C# kernel has run, or is running: its code and, once run, the compilation of its submission.</summary>
/// <param name="Code">The cell's C# code, as compiled (magic commands removed).</param>
/// <param name="Compilation">The script compilation that made the cell's submission; null for the running cell.</param>
internal sealed record KernelCell(string Code, Compilation? Compilation)
{
    /// <summary>Gets the cell's submission class name (<c>Submission#3</c>), or null for the running cell.</summary>
    public string? SubmissionName => Compilation?.ScriptClass?.Name;
}
