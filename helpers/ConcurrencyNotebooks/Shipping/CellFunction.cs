namespace ConcurrencyNotebooks.Shipping;

/// <summary>The source a function compiled in a notebook cell ships as: the declarations it sees, and its lambda or method.</summary>
/// <param name="Code">The usings, methods and types of the cells up to the function's own cell that it needs.</param>
/// <param name="Lambda">The lambda's source text, or null for a cell method.</param>
/// <param name="MethodName">The cell method's name, or null for a lambda.</param>
internal sealed record CellFunction(CellCode Code, string? Lambda, string? MethodName);
