using ConcurrencyNotebooks.Shipping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyNotebooks.Tests.Shipping;

public sealed class ShippingCompilerTests
{
    private const string Source = """
        using System;
        using System.Net.Http;
        using static System.Math;
        using Io = System.IO;
        internal static class Shipped { public static int Invoke(int a0) => Abs(a0); }
        """;

    private static readonly MetadataReference[] CellReferences =
    [
        MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
        MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")),
    ];

    [Fact]
    public void WithUsedFramework_ImportTheCellsDoNotReference_AddsItsFrameworkAssemblyOnce()
    {
        var tree = CSharpSyntaxTree.ParseText(Source);

        var references = ShippingCompiler.WithUsedFramework(CellReferences, tree);

        var files = references.OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath)).ToList();
        Assert.Equal(["System.Private.CoreLib.dll", "System.Runtime.dll", "System.Net.Http.dll"], files);
    }

    [Fact]
    public void WithUsedFramework_ImportTheCellsDoNotReference_CompilesWithoutErrors()
    {
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create("T", [tree], ShippingCompiler.WithUsedFramework(CellReferences, tree),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(CSharpCompilation.Create("U", [tree], CellReferences).GetDiagnostics(), d => d.Id == "CS0234");
    }
}
