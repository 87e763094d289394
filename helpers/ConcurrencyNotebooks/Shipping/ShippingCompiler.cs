using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Compiles shipped-function source into assembly bytes with the Roslyn the kernel has loaded, caching by source hash.</summary>
/// <remarks>Thread-safe. References are the framework's assemblies plus every assembly loaded from a file in this process.</remarks>
internal static class ShippingCompiler
{
    private static readonly ConcurrentDictionary<string, byte[]> Compiled = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, MetadataReference?> ReferenceCache = new(StringComparer.Ordinal);
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Gets how many compilations actually ran (cache misses); for tests.</summary>
    public static int CompilationCount;

    /// <summary>Returns the assembly name for a source text: "Shipped_" plus a hash of the text.</summary>
    public static string AssemblyNameFor(string source) =>
        "Shipped_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)), 0, 12);

    /// <summary>Compiles the source (or returns the cached bytes); returns null with the errors when it does not compile.</summary>
    public static byte[]? TryCompile(string source, out IReadOnlyList<Diagnostic> errors)
    {
        var name = AssemblyNameFor(source);
        if (Compiled.TryGetValue(name, out var cached))
        {
            errors = [];
            return cached;
        }

        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions);
        var bytes = Emit(name, tree, out errors);
        if (bytes is null)
        {
            // A using from an earlier cell may name a namespace these references lack: drop such usings and retry once.
            var root = (CompilationUnitSyntax)tree.GetRoot();
            var firstErrors = errors;
            var bad = root.Usings.Where(u => firstErrors.Any(e => u.FullSpan.Contains(e.Location.SourceSpan))).ToList();
            if (bad.Count > 0)
            {
                bytes = Emit(name, tree.WithRootAndOptions(root.RemoveNodes(bad, SyntaxRemoveOptions.KeepNoTrivia)!, ParseOptions), out errors);
            }
        }

        if (bytes is not null)
        {
            Compiled[name] = bytes;
        }

        return bytes;
    }

    /// <summary>Lists the non-framework assemblies loaded from files, by simple name, so a worker can resolve them.</summary>
    public static IReadOnlyList<(string Name, string Path)> LoadedAssemblyPaths()
    {
        var frameworkDir = FrameworkDirectory();
        var result = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || assembly.GetName().Name is not { } name)
            {
                continue;
            }

            if (!string.Equals(Path.GetDirectoryName(assembly.Location), frameworkDir, StringComparison.Ordinal) && seen.Add(name))
            {
                result.Add((name, assembly.Location));
            }
        }

        return result;
    }

    private static byte[]? Emit(string name, SyntaxTree tree, out IReadOnlyList<Diagnostic> errors)
    {
        Interlocked.Increment(ref CompilationCount);
        var compilation = CSharpCompilation.Create(
            name,
            [tree],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            return null;
        }

        errors = [];
        return stream.ToArray();
    }

    private static List<MetadataReference> References()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && !string.IsNullOrEmpty(assembly.Location) && assembly.GetName().Name is { } name)
            {
                byName.TryAdd(name, assembly.Location);
            }
        }

        foreach (var file in Directory.EnumerateFiles(FrameworkDirectory(), "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            byName.TryAdd(name, file);
        }

        var references = new List<MetadataReference>(byName.Count);
        foreach (var path in byName.Values)
        {
            if (ReferenceCache.GetOrAdd(path, TryCreate) is { } reference)
            {
                references.Add(reference);
            }
        }

        return references;
    }

    private static MetadataReference? TryCreate(string path)
    {
        try
        {
            // Skip native files that happen to end in .dll.
            _ = AssemblyName.GetAssemblyName(path);
            return MetadataReference.CreateFromFile(path);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static string FrameworkDirectory() => Path.GetDirectoryName(typeof(object).Assembly.Location)!;
}
