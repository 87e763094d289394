using System.Text;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Formats a <see cref="Type"/> as C# source text, for the wrapper compiled around a shipped function.</summary>
/// <remarks>Types declared in a notebook cell are nested in the cell's <c>Submission#N</c> class; they are written by
/// their own name, because the shipped assembly declares a copy of them at top level.</remarks>
internal static class CSharpTypeName
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(void)] = "void",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>Formats a type as compilable, fully qualified C# (<c>global::System.Collections.Generic.List&lt;int&gt;</c>).</summary>
    /// <exception cref="ArgumentException">The type is a pointer, a by-ref or an open generic parameter.</exception>
    public static string Format(Type type) => Append(new StringBuilder(), type, qualified: true, null).ToString();

    /// <summary>Formats a type as compilable C# with tuple element names (from a TupleElementNamesAttribute, in its pre-order).</summary>
    /// <exception cref="ArgumentException">The type is a pointer, a by-ref or an open generic parameter.</exception>
    public static string Format(Type type, IList<string?>? tupleNames) =>
        Append(new StringBuilder(), type, qualified: true, tupleNames is null ? null : new Queue<string?>(tupleNames)).ToString();

    /// <summary>Formats a type briefly for messages (<c>List&lt;int&gt;</c>, <c>(int, string)</c>).</summary>
    public static string Display(Type type)
    {
        try
        {
            return Append(new StringBuilder(), type, qualified: false, null).ToString();
        }
        catch (ArgumentException)
        {
            return type.Name;
        }
    }

    /// <summary>Tells whether a type was declared in a notebook cell (nested in a <c>Submission#N</c> class).</summary>
    public static bool IsCellType(Type type)
    {
        for (var t = type.DeclaringType; t is not null; t = t.DeclaringType)
        {
            if (IsSubmissionName(t.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a class name is that of a script submission (<c>Submission#3</c>).</summary>
    public static bool IsSubmissionName(string name) => name.StartsWith("Submission#", StringComparison.Ordinal);

    /// <summary>Lists the names of the cell-declared types a type mentions (itself, its generic arguments, its element type).</summary>
    public static IEnumerable<string> CellTypeNames(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var name in CellTypeNames(type.GetElementType()!))
            {
                yield return name;
            }
        }
        else if (type.IsGenericType)
        {
            foreach (var name in type.GetGenericArguments().SelectMany(CellTypeNames))
            {
                yield return name;
            }
        }

        if (!type.HasElementType && IsCellType(type))
        {
            var outer = type;
            while (outer.DeclaringType is { } d && !IsSubmissionName(d.Name))
            {
                outer = d;
            }

            yield return StripArity(outer.Name);
        }
    }

    private static StringBuilder Append(StringBuilder sb, Type type, bool qualified, Queue<string?>? names)
    {
        if (type.IsPointer || type.IsByRef || type.IsGenericParameter || type.ContainsGenericParameters)
        {
            throw new ArgumentException($"The type {type} cannot be named in shipped code (pointer, by-ref or open generic).", nameof(type));
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return sb.Append(keyword);
        }

        if (type.IsArray)
        {
            Append(sb, type.GetElementType()!, qualified, names);
            return sb.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Append(sb, underlying, qualified, names).Append('?');
        }

        var args = type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        if (type.IsGenericType && type.FullName is { } full && full.StartsWith("System.ValueTuple`", StringComparison.Ordinal) && args.Length is >= 2 and <= 7)
        {
            var elementNames = new string?[args.Length];
            for (var i = 0; i < args.Length && names is { Count: > 0 }; i++)
            {
                elementNames[i] = names.Dequeue();
            }

            sb.Append('(');
            for (var i = 0; i < args.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                Append(sb, args[i], qualified, names);
                if (elementNames[i] is { } elementName)
                {
                    sb.Append(' ').Append(elementName);
                }
            }

            return sb.Append(')');
        }

        // Walk the nesting chain outermost first; a Submission#N class ends the chain (cell types go top level).
        var chain = new List<Type>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (IsSubmissionName(t.Name))
            {
                break;
            }

            chain.Add(t);
        }

        chain.Reverse();
        var cellType = IsCellType(type);
        if (qualified)
        {
            sb.Append("global::");
            if (!cellType && !string.IsNullOrEmpty(chain[0].Namespace))
            {
                sb.Append(chain[0].Namespace).Append('.');
            }
        }

        var argIndex = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            var t = chain[i];
            sb.Append(StripArity(t.Name));
            var own = t.IsGenericTypeDefinition || t.IsGenericType ? t.GetGenericArguments().Length : 0;
            var count = own - argIndex;
            if (count > 0)
            {
                sb.Append('<');
                for (var k = 0; k < count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, args[argIndex + k], qualified, names);
                }

                sb.Append('>');
                argIndex += count;
            }
        }

        return sb;
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }
}
