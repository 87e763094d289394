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
    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true);

    /// <summary>Gets how many compilations actually ran (cache misses); for tests.</summary>
    public static int CompilationCount;

    // The kernel loads this library twice (the setup cell's #r binds one copy, later cells another, each with its own
    // statics), so the warm-up lives in AppContext, which is one per process, where both copies find it.
    private const string WarmUpSlot = "ConcurrencyNotebooks.Shipping.ShippingCompiler.WarmUp";

    private static Task? WarmUp => AppContext.GetData(WarmUpSlot) as Task;

    /// <summary>Returns the assembly name for a source text: "Shipped_" plus a hash of the text.</summary>
    public static string AssemblyNameFor(string source) =>
        "Shipped_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)), 0, 12);

    /// <summary>Compiles the source (or returns the cached bytes); returns null with the errors when it does not compile.</summary>
    /// <param name="source">The source text.</param>
    /// <param name="errors">The compiler's errors when it returns null.</param>
    /// <param name="cellReferences">The references the kernel compiled the cells with, or null: tried first, since the kernel
    /// has read them already, and the full set is used when they do not suffice.</param>
    public static byte[]? TryCompile(string source, out IReadOnlyList<Diagnostic> errors, IEnumerable<MetadataReference>? cellReferences = null)
    {
        var name = AssemblyNameFor(source);
        if (Compiled.TryGetValue(name, out var cached))
        {
            errors = [];
            return cached;
        }

        Interlocked.Increment(ref CompilationCount);
        WarmUp?.Wait();
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions);
        var bytes = cellReferences is null ? null : EmitDroppingBadUsings(name, tree, WithUsedFramework(cellReferences, tree), out _, out _);
        errors = [];
        bytes ??= EmitDroppingBadUsings(name, tree, References(), out errors, out _);
        if (bytes is not null)
        {
            Compiled[name] = bytes;
        }

        return bytes;
    }

    /// <summary>Emits the tree; when that fails, drops the usings that do not resolve and emits once more.</summary>
    /// <remarks>A using from an earlier cell may name a namespace these references lack.</remarks>
    private static byte[]? EmitDroppingBadUsings(string name, SyntaxTree tree, IEnumerable<MetadataReference> references,
        out IReadOnlyList<Diagnostic> errors, out Compilation compilation)
    {
        var bytes = Emit(name, tree, references, out errors, out compilation);
        if (bytes is null)
        {
            var root = (CompilationUnitSyntax)tree.GetRoot();
            var firstErrors = errors;
            var bad = root.Usings.Where(u => firstErrors.Any(e => u.FullSpan.Contains(e.Location.SourceSpan))).ToList();
            if (bad.Count > 0)
            {
                bytes = Emit(name, tree.WithRootAndOptions(root.RemoveNodes(bad, SyntaxRemoveOptions.KeepNoTrivia)!, ParseOptions), references, out errors,
                    out compilation);
            }
        }

        return bytes;
    }

    /// <summary>Gets whether the warm-up has started.</summary>
    public static bool WarmUpStarted => WarmUp is not null;

    /// <summary>Compiles a function like the ones a pool ships on a thread-pool thread, once per process, so the first real
    /// compile finds Roslyn's binder and emitter run once and the references' symbols built (the first compile of a session
    /// costs several times the next). A compile that starts while it runs waits for it rather than doing the same work beside it.
    /// Once per process, whichever copy of this library asks first.</summary>
    /// <param name="source">Builds the source to compile (on the background thread).</param>
    /// <param name="cellReferences">The references the kernel compiled the cells with, or null for the full set.</param>
    public static void WarmUpInBackground(Func<string> source, IReadOnlyList<MetadataReference>? cellReferences)
    {
        var warmUp = new Task(() =>
        {
            try
            {
                var tree = CSharpSyntaxTree.ParseText(source(), ParseOptions);
                EmitDroppingBadUsings("ShippingWarmUp", tree, cellReferences is null ? References() : WithUsedFramework(cellReferences, tree),
                    out _, out _);
            }
            catch (Exception)
            {
                // Only a head start: whatever failed here fails again, and is reported, when a real function is compiled.
            }
        });
        // An interned string is one object per process too: it orders the two copies' first calls.
        lock (string.Intern(WarmUpSlot))
        {
            if (WarmUp is not null)
            {
                return;
            }

            AppContext.SetData(WarmUpSlot, warmUp);
        }

        warmUp.Start(TaskScheduler.Default);
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

    private static byte[]? Emit(string name, SyntaxTree tree, IEnumerable<MetadataReference> references, out IReadOnlyList<Diagnostic> errors,
        out Compilation compilation)
    {
        compilation = CSharpCompilation.Create(
            name,
            [tree],
            references,
            Options);
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

    /// <summary>Adds to the cells' references the framework assembly named like each namespace the source imports.</summary>
    /// <remarks>The kernel's default <c>using System.Net.Http;</c> is not among the references its submissions list, and an
    /// import that does not resolve costs a failed compile (then one without it) on every first call.</remarks>
    internal static List<MetadataReference> WithUsedFramework(IEnumerable<MetadataReference> cellReferences, SyntaxTree tree)
    {
        var references = cellReferences.ToList();
        var listed = references.OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var import in ((CompilationUnitSyntax)tree.GetRoot()).Usings)
        {
            // A single name (System) would pick a facade of forwarders that adds nothing.
            var file = import.Name?.ToString() + ".dll";
            var path = Path.Combine(FrameworkDirectory(), file);
            // Every .dll in the shared framework's folder is managed, so no header check is needed (it costs a first call).
            if (import.StaticKeyword.IsKind(SyntaxKind.None) && import.Alias is null && file.Count(c => c == '.') > 1 && !listed.Contains(file)
                && File.Exists(path)
                && ReferenceCache.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)) is { } reference)
            {
                references.Add(reference);
                listed.Add(file);
            }
        }

        return references;
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
