using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Compiles a snippet with the kernel's own Roslyn and returns the compiler's errors, so a notebook can show
/// code that does not compile (and why) without breaking its cell.</summary>
public static class CompilerMessages
{
    /// <summary>Compiles <paramref name="source"/> (a whole file: usings, types) as a library and lists its errors.</summary>
    /// <param name="source">The C# source.</param>
    /// <returns>Each error as the compiler prints it, such as "(4,40): error CS1996: Cannot await in the body of a lock
    /// statement"; empty when it compiles.</returns>
    /// <exception cref="ArgumentException">When <paramref name="source"/> is null or empty.</exception>
    public static IReadOnlyList<string> Errors(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .GroupBy(a => a.GetName().Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First().Location));
        var compilation = CSharpCompilation.Create(
            "snippet",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
    }
}
