using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Finds the lambda a compiled method came from, in the source of the cell whose submission holds it.</summary>
/// <remarks>
/// <para>Roslyn names a lambda's method by an ordinal (<c>&lt;&lt;Initialize&gt;&gt;b__0_3</c>) that is not the lambda's
/// position in the text: lambdas directly in a scope are numbered before those in nested scopes and in other lambdas.
/// So instead of guessing, the cell's compilation is emitted again with a portable PDB (same compilation, same names and
/// metadata tokens) and the method's first sequence point gives the lambda's text span.</para>
/// <para>The running cell has no compilation yet: <see cref="ForRunningCell"/> compiles its code after the last run cell.</para>
/// </remarks>
internal static class CellLambdaLocator
{
    private static readonly ConditionalWeakTable<Compilation, Tuple<byte[], byte[]>> Emitted = new();

    /// <summary>The last running cell compiled (previous compilation, code, submission name, result): its other lambdas reuse it.</summary>
    private static Tuple<Compilation, string, string, Compilation>? _lastRunning;

    /// <summary>Compiles a running cell's code as the submission after <paramref name="previous"/>, as the kernel did.</summary>
    /// <param name="previous">The compilation of the last cell that ran.</param>
    /// <param name="code">The running cell's code.</param>
    /// <param name="submissionName">The running cell's submission class name (<c>Submission#7</c>), from its delegate.</param>
    public static Compilation ForRunningCell(Compilation previous, string code, string submissionName)
    {
        if (Volatile.Read(ref _lastRunning) is { } cached && cached.Item1 == previous && cached.Item2 == code && cached.Item3 == submissionName)
        {
            return cached.Item4;
        }

        var last = (CSharpCompilation)previous;
        var tree = CSharpSyntaxTree.ParseText(code, (CSharpParseOptions)last.SyntaxTrees.First().Options);
        var compilation = CSharpCompilation.CreateScriptCompilation(last.AssemblyName + "-running", tree, last.References,
            last.Options.WithScriptClassName(submissionName), last, typeof(object), last.ScriptCompilationInfo?.GlobalsType);
        Volatile.Write(ref _lastRunning, Tuple.Create(previous, code, submissionName, (Compilation)compilation));
        return compilation;
    }

    /// <summary>Returns the lambda whose compiled method is <paramref name="method"/>, or null with the reason.</summary>
    /// <param name="compilation">The compilation of the submission that holds the method.</param>
    /// <param name="method">The delegate's method (a lambda's, in the submission class or a closure class nested in it).</param>
    /// <param name="reason">Why nothing was found.</param>
    public static AnonymousFunctionExpressionSyntax? Find(Compilation compilation, MethodInfo method, out string reason)
    {
        if (Emit(compilation) is not { } emitted)
        {
            reason = "its cell does not compile again here";
            return null;
        }

        using var pe = new PEReader(ImmutableArray.Create(emitted.Item1));
        var metadata = pe.GetMetadataReader();
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(emitted.Item2));
        var pdb = pdbProvider.GetMetadataReader();

        var handle = FindMethod(metadata, method);
        if (handle.IsNil)
        {
            reason = $"its cell, compiled again, has no method {method.DeclaringType?.Name}.{method.Name}";
            return null;
        }

        if (MetadataTokens.GetToken(handle) != method.MetadataToken)
        {
            reason = "its cell, compiled again, does not match the code that ran";
            return null;
        }

        if (FirstSequencePoint(pdb, handle) is not { } point)
        {
            reason = "the compiler recorded no source position for it";
            return null;
        }

        var tree = compilation.SyntaxTrees.Single();
        var text = tree.GetText();
        var span = text.Lines.GetTextSpan(new LinePositionSpan(
            new LinePosition(point.StartLine - 1, point.StartColumn - 1), new LinePosition(point.EndLine - 1, point.EndColumn - 1)));
        var lambda = EnclosingLambda(tree.GetRoot(), span);
        reason = lambda is null ? "its source position is not inside a lambda" : string.Empty;
        return lambda;
    }

    private static Tuple<byte[], byte[]>? Emit(Compilation compilation)
    {
        if (Emitted.TryGetValue(compilation, out var cached))
        {
            return cached;
        }

        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            return null;
        }

        var emitted = Tuple.Create(pe.ToArray(), pdb.ToArray());
        Emitted.AddOrUpdate(compilation, emitted);
        return emitted;
    }

    private static MethodDefinitionHandle FindMethod(MetadataReader metadata, MethodInfo method)
    {
        var path = new List<string>();
        for (var t = method.DeclaringType; t is not null; t = t.DeclaringType)
        {
            path.Add(t.Name);
        }

        foreach (var handle in metadata.MethodDefinitions)
        {
            var definition = metadata.GetMethodDefinition(handle);
            if (metadata.StringComparer.Equals(definition.Name, method.Name) && HasPath(metadata, definition.GetDeclaringType(), path))
            {
                return handle;
            }
        }

        return default;
    }

    /// <summary>Tells whether a type's name and enclosing types' names are <paramref name="path"/> (innermost first).</summary>
    private static bool HasPath(MetadataReader metadata, TypeDefinitionHandle type, List<string> path)
    {
        var i = 0;
        for (var t = type; !t.IsNil; t = metadata.GetTypeDefinition(t).GetDeclaringType(), i++)
        {
            if (i >= path.Count || !metadata.StringComparer.Equals(metadata.GetTypeDefinition(t).Name, path[i]))
            {
                return false;
            }
        }

        return i == path.Count;
    }

    /// <summary>Returns the method's first visible sequence point; an async or iterator lambda's are in its state machine's MoveNext.</summary>
    private static SequencePoint? FirstSequencePoint(MetadataReader pdb, MethodDefinitionHandle method)
    {
        if (FirstVisible(pdb.GetMethodDebugInformation(method)) is { } own)
        {
            return own;
        }

        foreach (var handle in pdb.MethodDebugInformation)
        {
            var information = pdb.GetMethodDebugInformation(handle);
            if (information.GetStateMachineKickoffMethod() == method)
            {
                return FirstVisible(information);
            }
        }

        return null;
    }

    private static SequencePoint? FirstVisible(MethodDebugInformation information)
    {
        if (information.SequencePointsBlob.IsNil)
        {
            return null;
        }

        foreach (var point in information.GetSequencePoints())
        {
            if (!point.IsHidden)
            {
                return point;
            }
        }

        return null;
    }

    /// <summary>Returns the innermost lambda whose body holds the span; null when a local function or member is closer.</summary>
    private static AnonymousFunctionExpressionSyntax? EnclosingLambda(SyntaxNode root, TextSpan span)
    {
        for (var node = root.FindToken(span.Start).Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax lambda when lambda.Body.Span.Contains(span):
                    return lambda;
                case LocalFunctionStatementSyntax or MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }
}
