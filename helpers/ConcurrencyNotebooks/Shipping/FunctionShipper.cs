using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using ConcurrencyNotebooks.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Turns a delegate plus its source text into a <see cref="ShippedFunction"/> a worker process can load.</summary>
/// <remarks>
/// <para>A static method of an assembly loaded from a file travels as (path, type, method token), with no compiler.</para>
/// <para>A lambda, or a method declared in a notebook cell, is compiled from source with Roslyn: cell code lives in
/// in-memory submission assemblies that another process cannot load. A cell's function is found exactly, in the cell that
/// compiled it (<see cref="CellFunctionResolver"/>), or refused. Results are cached by delegate method and text.</para>
/// </remarks>
internal static partial class FunctionShipper
{
    private static readonly ConcurrentDictionary<(MethodInfo Method, string Expression), ShippedFunction> Cache = new();

    /// <summary>Returns the shipped form of a delegate.</summary>
    /// <param name="function">The delegate the caller passed.</param>
    /// <param name="expression">The caller's source text for it, from [CallerArgumentExpression].</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The function captures variables, cannot be found or does not compile.</exception>
    public static ShippedFunction Ship(Delegate function, string? expression)
    {
        ArgumentNullException.ThrowIfNull(function);
        expression = string.IsNullOrWhiteSpace(expression) ? function.Method.Name : expression.Trim();
        var key = (function.Method, expression);
        if (Cache.TryGetValue(key, out var shipped))
        {
            return shipped;
        }

        shipped = Create(function, expression);
        return Cache.GetOrAdd(key, shipped);
    }

    /// <summary>Starts Roslyn's first compile in the background, once per process: a pool calls this as it starts its workers,
    /// so a cell's first map does not wait for it.</summary>
    public static void WarmUp()
    {
        if (!ShippingCompiler.WarmUpStarted)
        {
            WarmUp(KernelCells.Current());
        }
    }

    /// <summary>In a kernel, starts <see cref="WarmUp()"/> once the running cell has finished, so the compile sees that
    /// cell's references (the setup cell's <c>#r</c> of this library); elsewhere does nothing.</summary>
    public static void WarmUpAfterThisCell()
    {
        if (ShippingCompiler.WarmUpStarted)
        {
            return;
        }

        try
        {
            KernelCells.AfterThisCell(cells => WarmUp(cells));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or InvalidOperationException)
        {
            // Not in a kernel: a pool starts the warm-up itself.
        }
    }

    /// <summary>Ships, in the background, a method declared in a cell after the given ones, as a pool ships Square: the
    /// cell lookup, the extraction and the compile all run once before a learner's first call.</summary>
    private static void WarmUp(IReadOnlyList<KernelCell>? cells) =>
        ShippingCompiler.WarmUpInBackground(
            () =>
            {
                const string name = "ShippingWarmUp";
                const string cell = $"int {name}(int n) => n * n;";
                _ = CellSourceExtractor.DeclaresMethod(cell, name);
                var code = CellSourceExtractor.Extract([.. cells?.Select(c => c.Code) ?? [], cell], [name]);
                return ShippedSource.Build(code, null, name, [typeof(int)], typeof(int), null);
            },
            CellReferences(cells));

    /// <summary>Returns the references the kernel compiled the cells with (each submission lists only its own), or null.</summary>
    private static List<MetadataReference>? CellReferences(IReadOnlyList<KernelCell>? cells) =>
        cells?.Where(c => c.Compilation is not null).SelectMany(c => c.Compilation!.References).Distinct().ToList() is { Count: > 0 } references
            ? references
            : null;

    private static ShippedFunction Create(Delegate function, string expression)
    {
        var method = function.Method;
        var invoke = function.GetType().GetMethod("Invoke")!;
        var parameterTypes = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var returnType = invoke.ReturnType;

        if (IsFileAssemblyStaticMethod(function))
        {
            return new ShippedFunction(LocalFunctionName(method.Name) ?? method.Name, method.Module.Assembly.FullName!, method.Module.Assembly.Location, null,
                method.DeclaringType!.FullName!, method.Name, method.MetadataToken, ShippingCompiler.LoadedAssemblyPaths(),
                method.Module.ModuleVersionId);
        }

        string? lambda = null;
        string? methodName = null;
        IReadOnlyList<KernelCell>? cells = null;
        CellCode? code;
        string displayName;
        var signature = parameterTypes.Append(returnType).ToList();
        if (method.DeclaringType is { } declaring && CellFunctionResolver.SubmissionOf(declaring) is not null)
        {
            cells = KernelCells.Current();
            var cell = CellFunctionResolver.Resolve(function, expression, cells, signature);
            (code, lambda, methodName) = (cell.Code, cell.Lambda, cell.MethodName);
            displayName = methodName ?? LambdaDisplayName(expression);
        }
        else if (LambdaText(expression) is { } literal && CellFunctionResolver.IsLambdaName(method.Name))
        {
            // A lambda of compiled code is exactly the text at the call; from the cells it needs at most the cell types of its signature.
            cells = KernelCells.Current();
            var cellTypes = signature.SelectMany(CSharpTypeName.CellTypeNames).Distinct().ToList();
            code = cells is null || cellTypes.Count == 0 ? null : CellSourceExtractor.Extract(cells.Select(c => c.Code).ToList(), cellTypes);
            lambda = literal;
            displayName = LambdaDisplayName(expression);
        }
        else if (!method.IsStatic && function.Target is not null && !method.Name.Contains('<'))
        {
            throw new FunctionNotShippableException(
                $"'{expression}' is an instance method of {CSharpTypeName.Display(method.DeclaringType!)}: its object lives in this process. " +
                "Make the method static, or pass a lambda that builds what it needs from its argument.");
        }
        else
        {
            throw new FunctionNotShippableException(
                $"Cannot send '{expression}' to a worker process: pass a lambda written at the call (n => n * n), a top-level method " +
                "of a notebook cell, or a static method of a compiled assembly.");
        }

        var tupleNames = method.GetParameters().Length == parameterTypes.Length
            ? method.GetParameters().Select(p => p.GetCustomAttribute<System.Runtime.CompilerServices.TupleElementNamesAttribute>()?.TransformNames)
                .Append(method.ReturnParameter.GetCustomAttribute<System.Runtime.CompilerServices.TupleElementNamesAttribute>()?.TransformNames)
                .ToList()
            : null;
        var source = ShippedSource.Build(code, lambda, methodName, parameterTypes, returnType, tupleNames);
        var bytes = ShippingCompiler.TryCompile(source, out var errors, CellReferences(cells)) ?? throw Explain(expression, errors, code);
        return new ShippedFunction(displayName, ShippingCompiler.AssemblyNameFor(source), null, bytes,
            ShippedSource.ClassName, ShippedSource.MethodName, 0, ShippingCompiler.LoadedAssemblyPaths());
    }

    /// <summary>Tells whether a delegate is a plain static method of an assembly loaded from a file.</summary>
    private static bool IsFileAssemblyStaticMethod(Delegate function)
    {
        var method = function.Method;
        var assembly = method.Module.Assembly;
        return method.IsStatic && function.Target is null && !method.IsGenericMethod
               && (!method.Name.Contains('<') || LocalFunctionName(method.Name) is not null)
               && method.DeclaringType is { IsGenericType: false } type && !type.Name.Contains('<')
               && !CSharpTypeName.IsCellType(type) && !CSharpTypeName.IsSubmissionName(type.Name)
               && !assembly.IsDynamic && !string.IsNullOrEmpty(assembly.Location);
    }

    private static FunctionNotShippableException Captured(string expression, IReadOnlyList<string> names)
    {
        var list = string.Join(", ", names.Select(n => $"'{n}'"));
        var first = names[0];
        return new FunctionNotShippableException(
            $"The function '{expression}' uses {list}, {(names.Count == 1 ? "a variable" : "variables")} of the notebook or of the calling code. " +
            $"A worker process has its own memory and cannot see {(names.Count == 1 ? "it" : "them")}. Pass {(names.Count == 1 ? "it" : "them")} as an argument instead, " +
            $"e.g. pool.StarMap((x, {first}) => …, items.Select(x => (x, {first}))), or write the value into the function.", names);
    }

    private static FunctionNotShippableException Explain(string expression, IReadOnlyList<Diagnostic> errors, CellCode? code)
    {
        var missing = errors.Where(e => e.Id == "CS0103")
            .Select(e => QuotedName().Match(e.GetMessage()).Groups[1].Value)
            .Where(n => n.Length > 0)
            .Distinct()
            .ToList();
        var variables = missing.Where(n => code?.CellVariables.Contains(n) ?? true).ToList();
        if (variables.Count > 0)
        {
            return Captured(expression, variables);
        }

        if (missing.Count > 0)
        {
            return new FunctionNotShippableException(
                $"The function '{expression}' uses {string.Join(", ", missing.Select(n => $"'{n}'"))}, which the worker process cannot see: only " +
                "top-level methods and types of the notebook's cells and compiled assemblies travel to workers, not variables or notebook-only helpers.");
        }

        var details = string.Join(Environment.NewLine, errors.Take(5).Select(e => $"  {e.Id}: {e.GetMessage()}"));
        return new FunctionNotShippableException(
            $"The function '{expression}' does not compile on its own for the worker process:{Environment.NewLine}{details}");
    }

    /// <summary>Returns the lambda an expression is (through parentheses and casts), as text, or null.</summary>
    internal static string? LambdaText(string expression)
    {
        var node = SyntaxFactory.ParseExpression(expression);
        while (true)
        {
            switch (node)
            {
                case ParenthesizedExpressionSyntax p:
                    node = p.Expression;
                    continue;
                case CastExpressionSyntax c:
                    node = c.Expression;
                    continue;
                case AnonymousFunctionExpressionSyntax lambda when !node.ContainsDiagnostics:
                    return lambda.ToString();
                default:
                    return null;
            }
        }
    }

    /// <summary>Returns the name a compiled local function was declared with (<c>&lt;&lt;Main&gt;$&gt;g__Square|0_0</c> is
    /// <c>Square</c>), or null for any other name. One that captures nothing is a plain static method, e.g. in an exported app.</summary>
    internal static string? LocalFunctionName(string methodName) =>
        LocalFunction().Match(methodName) is { Success: true } match ? match.Groups[1].Value : null;

    private static string LambdaDisplayName(string expression) => expression.Length <= 40 ? $"({expression})" : "(lambda)";

    [GeneratedRegex(@"^<.*>g__([A-Za-z_][A-Za-z0-9_]*)\|\d+_\d+$")]
    private static partial Regex LocalFunction();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
