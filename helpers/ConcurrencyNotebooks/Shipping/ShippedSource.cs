using System.Text;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Builds the C# source of the small assembly a shipped function is compiled into.</summary>
/// <remarks>The assembly has one static class, <c>Shipped</c>, whose <c>Invoke</c> method has exactly the delegate's
/// signature and calls either the lambda (kept in a static field) or the cell's method (copied in as a static method).</remarks>
internal static class ShippedSource
{
    /// <summary>Gets the name of the class that holds the entry point.</summary>
    public const string ClassName = "Shipped";

    /// <summary>Gets the name of the entry point.</summary>
    public const string MethodName = "Invoke";

    /// <summary>The usings a kernel cell has by default; cells' own usings are added after these.</summary>
    public static readonly IReadOnlyList<string> DefaultUsings =
    [
        "using System;", "using System.Collections.Generic;", "using System.IO;", "using System.Linq;",
        "using System.Net.Http;", "using System.Text;", "using System.Threading;", "using System.Threading.Tasks;",
    ];

    /// <summary>Builds the source around a lambda (<paramref name="lambda"/>) or a cell method (<paramref name="methodName"/>).</summary>
    /// <param name="code">Usings, methods and types from the cells, or null outside a notebook (then an exported app's usings apply).</param>
    /// <param name="lambda">The lambda's source text, or null for a method group.</param>
    /// <param name="methodName">The cell method's name, or null for a lambda.</param>
    /// <param name="parameterTypes">The delegate's parameter types.</param>
    /// <param name="returnType">The delegate's return type (<see cref="void"/> for an action).</param>
    /// <param name="tupleNames">Tuple element names per parameter and, last, for the return type (null entries for none).</param>
    public static string Build(CellCode? code, string? lambda, string? methodName, IReadOnlyList<Type> parameterTypes, Type returnType,
        IReadOnlyList<IList<string?>?>? tupleNames = null)
    {
        string Name(Type type, int position) => CSharpTypeName.Format(type, tupleNames is not null && position < tupleNames.Count ? tupleNames[position] : null);

        var sb = new StringBuilder();
        var usings = new List<string>(DefaultUsings);
        foreach (var u in code?.Usings ?? Apps.NotebookApp.Usings)
        {
            if (!usings.Contains(u))
            {
                usings.Add(u);
            }
        }

        foreach (var u in usings)
        {
            sb.AppendLine(u);
        }

        sb.AppendLine().Append("internal static class ").AppendLine(ClassName).AppendLine("{");
        foreach (var method in code?.Methods ?? [])
        {
            sb.AppendLine(method).AppendLine();
        }

        var isVoid = returnType == typeof(void);
        var parameters = string.Join(", ", parameterTypes.Select((t, i) => $"{Name(t, i)} a{i}"));
        var arguments = string.Join(", ", parameterTypes.Select((_, i) => $"a{i}"));
        var callee = methodName;
        if (lambda is not null)
        {
            var delegateType = DelegateType(parameterTypes.Select((t, i) => Name(t, i)).ToList(), returnType == typeof(void) ? null : Name(returnType, parameterTypes.Count));
            sb.Append("    private static readonly ").Append(delegateType)
              .Append(" F = ").Append(lambda).AppendLine(";").AppendLine();
            callee = "F";
        }

        sb.Append("    public static ").Append(isVoid ? "object" : Name(returnType, parameterTypes.Count)).Append(' ')
          .Append(MethodName).Append('(').Append(parameters).Append(')');
        if (isVoid)
        {
            sb.Append(" { ").Append(callee).Append('(').Append(arguments).AppendLine("); return null; }");
        }
        else
        {
            sb.Append(" => ").Append(callee).Append('(').Append(arguments).AppendLine(");");
        }

        sb.AppendLine("}");
        foreach (var type in code?.Types ?? [])
        {
            sb.AppendLine().AppendLine(type);
        }

        return sb.ToString();
    }

    /// <summary>Formats the Func/Action type that matches a signature, from formatted parameter and return type names (null for void).</summary>
    public static string DelegateType(IReadOnlyList<string> parameterTypes, string? returnType)
    {
        var names = parameterTypes.ToList();
        if (returnType is null)
        {
            return names.Count == 0 ? "global::System.Action" : $"global::System.Action<{string.Join(", ", names)}>";
        }

        names.Add(returnType);
        return $"global::System.Func<{string.Join(", ", names)}>";
    }
}
