namespace ConcurrencyNotebooks.Shipping;

/// <summary>Holds what a shipped function needs from the notebook's cells: usings, top-level methods and types.</summary>
/// <param name="Usings">The using directives of every cell, in order, without duplicates.</param>
/// <param name="Methods">The top-level method declarations the function needs, made static.</param>
/// <param name="Types">The top-level type declarations the function needs.</param>
/// <param name="CellVariables">The names of every top-level variable the cells declare (these cannot travel).</param>
internal sealed record CellCode(
    IReadOnlyList<string> Usings,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> Types,
    IReadOnlySet<string> CellVariables);
