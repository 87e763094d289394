using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Finds the exact source of a delegate compiled in a notebook cell, or refuses with the reason.</summary>
/// <remarks>
/// <para>The delegate's method says which submission compiled it (<c>Submission#5</c>, or a closure class nested in it),
/// and so which cell. Only that cell and the cells before it are read: that is all the cell could see, whatever later
/// cells redefined. A cell method must be declared in that cell. A lambda is found in that cell by its compiled method
/// (<see cref="CellLambdaLocator"/>), then checked against the caller's text: a lambda written at the call must be the same
/// lambda, and a variable must be the one the cell assigned it to. Whatever cannot be confirmed is refused, never guessed.</para>
/// </remarks>
internal static partial class CellFunctionResolver
{
    private const string SubmissionPrefix = "Submission#";

    /// <summary>Returns the <c>Submission#N</c> class a type belongs to (itself or an enclosing type), or null for compiled code.</summary>
    public static Type? SubmissionOf(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (CSharpTypeName.IsSubmissionName(t.Name))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Tells whether a method name is that of a compiled lambda (<c>&lt;&lt;Initialize&gt;&gt;b__0_1</c>, <c>&lt;Make&gt;b__2</c>).</summary>
    public static bool IsLambdaName(string name) => LambdaName().IsMatch(name);

    /// <summary>Returns the source of a delegate whose method was compiled in a notebook cell.</summary>
    /// <param name="function">The delegate.</param>
    /// <param name="expression">The caller's text for it ([CallerArgumentExpression]).</param>
    /// <param name="cells">The kernel's cells, oldest first, the running one last; null outside a kernel.</param>
    /// <param name="signatureTypes">The delegate's parameter types and return type.</param>
    /// <exception cref="FunctionNotShippableException">The source cannot be found or confirmed.</exception>
    public static CellFunction Resolve(Delegate function, string expression, IReadOnlyList<KernelCell>? cells, IReadOnlyList<Type> signatureTypes)
    {
        var method = function.Method;
        var submission = SubmissionOf(method.DeclaringType!)
                         ?? throw new ArgumentException("The delegate was not compiled in a notebook cell.", nameof(function));
        if (cells is null)
        {
            throw new FunctionNotShippableException(
                $"'{expression}' was compiled in a notebook cell, but the kernel's cell history is not available here.");
        }

        var index = CellIndex(cells, submission.Name)
                    ?? throw new FunctionNotShippableException(
                        $"Cannot find the cell that compiled '{expression}' ({submission.Name}) in the kernel's history. " +
                        "Run the cell that defines it again, then call the pool.");
        var visible = cells.Take(index + 1).Select(c => c.Code).ToList();
        var cellTypes = CellTypeNames(cells, index, signatureTypes, expression);

        if (method.DeclaringType == submission && !method.Name.Contains('<'))
        {
            if (!CellSourceExtractor.DeclaresMethod(cells[index].Code, method.Name))
            {
                throw new FunctionNotShippableException(
                    $"'{method.Name}' was compiled in {Label(cells, index)}, but that cell declares no top-level method '{method.Name}'. " +
                    "Run the cell that declares it again, or pass a lambda written at the call.");
            }

            return new CellFunction(CellSourceExtractor.Extract(visible, cellTypes.Prepend(method.Name).Distinct().ToList()), null, method.Name);
        }

        if (!IsLambdaName(method.Name))
        {
            throw new FunctionNotShippableException(
                $"Cannot send '{expression}' to a worker process: it is a local function or a member of a type declared in {Label(cells, index)}. " +
                "Pass a lambda written at the call (n => n * n) or a top-level method of a cell.");
        }

        var lambda = FindLambda(cells, index, submission.Name, method, expression);
        Confirm(lambda, expression, Label(cells, index));
        var text = lambda.ToString();
        return new CellFunction(CellSourceExtractor.Extract(visible, cellTypes, text), text, null);
    }

    /// <summary>Returns the index of the cell whose submission is <paramref name="submissionName"/>, or null.</summary>
    /// <remarks>The running cell has no compilation yet; its submission comes after every submission in the chain.</remarks>
    private static int? CellIndex(IReadOnlyList<KernelCell> cells, string submissionName)
    {
        var newestRun = -1;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].SubmissionName is { } name)
            {
                if (name == submissionName)
                {
                    return i;
                }

                newestRun = Math.Max(newestRun, Number(name));
            }
        }

        return cells.Count > 0 && cells[^1].Compilation is null && Number(submissionName) > newestRun ? cells.Count - 1 : null;
    }

    private static int Number(string submissionName) =>
        submissionName.StartsWith(SubmissionPrefix, StringComparison.Ordinal)
        && int.TryParse(submissionName.AsSpan(SubmissionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : -1;

    private static AnonymousFunctionExpressionSyntax FindLambda(IReadOnlyList<KernelCell> cells, int index, string submissionName, MethodInfo method,
        string expression)
    {
        var compilation = cells[index].Compilation;
        if (compilation is null && index > 0 && cells[index - 1].Compilation is { } previous)
        {
            compilation = CellLambdaLocator.ForRunningCell(previous, cells[index].Code, submissionName);
        }

        var reason = "the cell before it is unknown";
        var lambda = compilation is null ? null : CellLambdaLocator.Find(compilation, method, out reason);
        if (lambda is null)
        {
            throw new FunctionNotShippableException(
                $"Cannot find the source of '{expression}' in {Label(cells, index)} ({reason}), so it is not sent: the workers must run " +
                "exactly this function. Pass the lambda written at the call (pool.Map(n => n * n, items)), or declare a top-level method and pass its name.");
        }

        return lambda;
    }

    /// <summary>Checks the lambda found against the caller's text: the same lambda, or the variable the cell assigned it to.</summary>
    private static void Confirm(AnonymousFunctionExpressionSyntax lambda, string expression, string cell)
    {
        if (FunctionShipper.LambdaText(expression) is { } literal)
        {
            if (!SyntaxFactory.AreEquivalent(lambda, SyntaxFactory.ParseExpression(literal), topLevel: false))
            {
                throw new FunctionNotShippableException(
                    $"The function '{expression}' is not the lambda its delegate was compiled from ('{lambda}' in {cell}), so it is not sent: " +
                    "the workers must run exactly the function passed. Pass the lambda itself at the call.");
            }
        }
        else if (SyntaxFacts.IsValidIdentifier(expression))
        {
            if (!IsStoredIn(lambda, expression))
            {
                throw new FunctionNotShippableException(
                    $"'{expression}' holds the lambda '{lambda}' of {cell}, but that cell does not assign it to '{expression}', so it cannot be " +
                    $"confirmed as the function passed and is not sent. Pass the lambda at the call (pool.Map({lambda}, …)), or declare it as " +
                    "a top-level method and pass the method's name.");
            }
        }
        else
        {
            throw new FunctionNotShippableException(
                $"Cannot confirm which lambda '{expression}' is, so it is not sent. Pass the lambda written at the call (pool.Map(n => n * n, items)), " +
                "a variable the lambda was assigned to, or the name of a top-level method.");
        }
    }

    /// <summary>Tells whether a lambda is the initializer of variable <paramref name="name"/> or is assigned to it.</summary>
    private static bool IsStoredIn(AnonymousFunctionExpressionSyntax lambda, string name)
    {
        SyntaxNode node = lambda;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText == name,
            AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == node =>
                assignment.Left is IdentifierNameSyntax target && target.Identifier.ValueText == name,
            _ => false,
        };
    }

    /// <summary>Names the cell types of the signature, checking each is the one the function's cell sees (not redeclared since).</summary>
    private static List<string> CellTypeNames(IReadOnlyList<KernelCell> cells, int index, IReadOnlyList<Type> signatureTypes, string expression)
    {
        var names = new List<string>();
        foreach (var type in signatureTypes.SelectMany(CellTypes).Distinct())
        {
            var outer = type;
            while (outer.DeclaringType is { } d && !CSharpTypeName.IsSubmissionName(d.Name))
            {
                outer = d;
            }

            var name = outer.Name.Split('`')[0];
            var declaredIn = CellIndex(cells, outer.DeclaringType!.Name);
            if (declaredIn is not { } j || j > index || Enumerable.Range(j + 1, index - j).Any(k => CellSourceExtractor.DeclaresType(cells[k].Code, name)))
            {
                throw new FunctionNotShippableException(
                    $"The type '{name}' in the signature of '{expression}' is not the '{name}' its cell sees (it was declared again since). " +
                    "Run the cells that use it again.");
            }

            names.Add(name);
        }

        return names;
    }

    private static IEnumerable<Type> CellTypes(Type type)
    {
        if (type.HasElementType)
        {
            return CellTypes(type.GetElementType()!);
        }

        var own = CSharpTypeName.IsCellType(type) ? [type.IsGenericType ? type.GetGenericTypeDefinition() : type] : Enumerable.Empty<Type>();
        return type.IsGenericType ? own.Concat(type.GetGenericArguments().SelectMany(CellTypes)) : own;
    }

    /// <summary>Describes a cell for messages: the running cell, or the cell by its first line.</summary>
    private static string Label(IReadOnlyList<KernelCell> cells, int index)
    {
        if (cells[index].Compilation is null)
        {
            return "the running cell";
        }

        var first = cells[index].Code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return $"the cell that starts '{(first.Length <= 50 ? first : first[..50] + "…")}'";
    }

    [GeneratedRegex(@"^<.*>b__\d+(_\d+)?$")]
    private static partial Regex LambdaName();
}
