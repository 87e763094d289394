using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Finds, in a notebook's cell sources, the declarations a function needs: the method itself and,
/// transitively, every top-level method and type from earlier cells that it mentions.</summary>
/// <remarks>Pure: works on source text, no kernel needed.</remarks>
internal static class CellSourceExtractor
{
    private static readonly CSharpParseOptions ScriptOptions =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Collects the declarations reachable from the given root names and from the names used in <paramref name="extraCode"/>.</summary>
    /// <param name="cells">The sources of the cells the function's own cell could see: oldest first, ending with its own cell.</param>
    /// <param name="rootNames">Names that must be included (a method group's name, cell types in the signature).</param>
    /// <param name="extraCode">Code (such as a lambda) whose mentioned names are included too, or null.</param>
    /// <remarks>Names resolve as the scripting compiler resolves them in the last cell: a later declaration hides an earlier
    /// one, a variable hides methods, and methods of the same name in earlier cells stay visible as overloads unless a later
    /// cell declares one with the same parameters.</remarks>
    /// <exception cref="FunctionNotShippableException">A root name is not declared as a top-level method or type in any cell.</exception>
    public static CellCode Extract(IReadOnlyList<string> cells, IReadOnlyCollection<string> rootNames, string? extraCode = null)
    {
        var usings = new List<string>();
        var seenUsings = new HashSet<string>(StringComparer.Ordinal);
        var declarations = new Dictionary<string, List<MemberDeclarationSyntax>>(StringComparer.Ordinal);
        var variables = new HashSet<string>(StringComparer.Ordinal);

        foreach (var cell in cells)
        {
            var root = Parse(cell);
            foreach (var u in root.Usings)
            {
                var text = u.WithoutTrivia().ToString();
                if (seenUsings.Add(text))
                {
                    usings.Add(text);
                }
            }

            var (inThisCell, variablesInThisCell) = Declarations(root);
            foreach (var name in variablesInThisCell)
            {
                variables.Add(name);
                declarations.Remove(name);
            }

            foreach (var (name, list) in inThisCell)
            {
                declarations[name] = list.All(d => d is MethodDeclarationSyntax)
                                     && declarations.TryGetValue(name, out var earlier) && earlier.All(d => d is MethodDeclarationSyntax)
                    ? [.. list, .. earlier.Where(e => !list.Any(m => SameParameters((MethodDeclarationSyntax)m, (MethodDeclarationSyntax)e)))]
                    : list;
            }
        }

        foreach (var name in rootNames)
        {
            if (!declarations.ContainsKey(name))
            {
                throw new FunctionNotShippableException(
                    $"Cannot find the declaration of '{name}' in the notebook's cells. Define it as a top-level method or type " +
                    "in a cell that has run (or use a lambda, or a static method of a compiled assembly).");
            }
        }

        var included = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(rootNames);
        if (extraCode is not null)
        {
            foreach (var name in MentionedNames(SyntaxFactory.ParseExpression(extraCode)))
            {
                pending.Enqueue(name);
            }
        }

        var methods = new List<string>();
        var types = new List<string>();
        while (pending.TryDequeue(out var name))
        {
            if (!declarations.TryGetValue(name, out var list) || !included.Add(name))
            {
                continue;
            }

            foreach (var declaration in list)
            {
                if (declaration is MethodDeclarationSyntax method)
                {
                    methods.Add(MakeStatic(method).ToFullString().Trim());
                }
                else
                {
                    types.Add(MakeTopLevel(declaration).ToFullString().Trim());
                }

                foreach (var mentioned in MentionedNames(declaration))
                {
                    pending.Enqueue(mentioned);
                }
            }
        }

        return new CellCode(usings, methods, types, variables);
    }

    /// <summary>Tells whether a cell declares a top-level method of that name.</summary>
    public static bool DeclaresMethod(string cell, string name) =>
        Parse(cell).Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == name);

    /// <summary>Tells whether a cell declares a top-level type (or delegate type) of that name.</summary>
    public static bool DeclaresType(string cell, string name) =>
        Declarations(Parse(cell)).Members.TryGetValue(name, out var list) && list.Any(d => d is not MethodDeclarationSyntax);

    private static CompilationUnitSyntax Parse(string cell) =>
        (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(cell, ScriptOptions).GetRoot();

    /// <summary>Lists a cell's top-level methods and types by name, and the names of its top-level variables.</summary>
    private static (Dictionary<string, List<MemberDeclarationSyntax>> Members, List<string> Variables) Declarations(CompilationUnitSyntax root)
    {
        var members = new Dictionary<string, List<MemberDeclarationSyntax>>(StringComparer.Ordinal);
        var variables = new List<string>();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax m:
                    Add(members, m.Identifier.ValueText, m);
                    break;
                case BaseTypeDeclarationSyntax t:
                    Add(members, t.Identifier.ValueText, t);
                    break;
                case DelegateDeclarationSyntax d:
                    Add(members, d.Identifier.ValueText, d);
                    break;
                case FieldDeclarationSyntax f:
                    variables.AddRange(f.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }:
                    variables.AddRange(local.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    break;
            }
        }

        return (members, variables);
    }

    /// <summary>Tells whether two methods have the same type parameter count and parameter types, as written.</summary>
    private static bool SameParameters(MethodDeclarationSyntax a, MethodDeclarationSyntax b)
    {
        static string Key(MethodDeclarationSyntax m) =>
            $"{m.TypeParameterList?.Parameters.Count ?? 0}(" + string.Join(",", m.ParameterList.Parameters.Select(p =>
                string.Join(" ", p.Modifiers.Select(x => x.ValueText)) + " " + p.Type?.WithoutTrivia().NormalizeWhitespace())) + ")";
        return Key(a) == Key(b);
    }

    /// <summary>Lists the simple names a piece of syntax mentions, skipping the member name in <c>a.B</c>.</summary>
    internal static IEnumerable<string> MentionedNames(SyntaxNode node) =>
        node.DescendantNodesAndSelf()
            .OfType<SimpleNameSyntax>()
            .Where(n => !(n.Parent is MemberAccessExpressionSyntax access && access.Name == n)
                        && !(n.Parent is QualifiedNameSyntax qualified && qualified.Right == n))
            .Select(n => n.Identifier.ValueText)
            .Distinct(StringComparer.Ordinal);

    private static MethodDeclarationSyntax MakeStatic(MethodDeclarationSyntax method)
    {
        if (method.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            return method;
        }

        var modifiers = method.Modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        return method.WithModifiers(modifiers);
    }

    private static MemberDeclarationSyntax MakeTopLevel(MemberDeclarationSyntax declaration)
    {
        var kept = SyntaxFactory.TokenList(declaration.Modifiers.Where(m =>
            !m.IsKind(SyntaxKind.PrivateKeyword) && !m.IsKind(SyntaxKind.ProtectedKeyword)));
        return declaration.WithModifiers(kept);
    }

    private static void Add(Dictionary<string, List<MemberDeclarationSyntax>> map, string name, MemberDeclarationSyntax declaration)
    {
        if (!map.TryGetValue(name, out var list))
        {
            map[name] = list = [];
        }

        list.Add(declaration);
    }
}
