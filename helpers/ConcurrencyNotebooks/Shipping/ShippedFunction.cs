using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Shipping;

/// <summary>Describes a function a worker can call: where its code comes from and the Load frame that tells a worker.</summary>
internal sealed class ShippedFunction
{
    private static int _lastId;

    /// <summary>Creates the description and prebuilds its Load frame.</summary>
    /// <param name="displayName">The name used in labels and errors ("Square", "n => n * n").</param>
    /// <param name="assemblyName">The full name of the assembly that holds the method.</param>
    /// <param name="assemblyPath">The assembly's file, or null when <paramref name="assemblyBytes"/> is given.</param>
    /// <param name="assemblyBytes">The compiled assembly, or null for a file.</param>
    /// <param name="typeName">The full name of the declaring type.</param>
    /// <param name="methodName">The method's name.</param>
    /// <param name="metadataToken">The method's metadata token (picks one overload), or 0 to look it up by name.</param>
    /// <param name="references">Non-framework assemblies the worker may need, by simple name.</param>
    /// <param name="moduleVersionId">The module version id of the build this process loaded, or empty.</param>
    public ShippedFunction(string displayName, string assemblyName, string? assemblyPath, byte[]? assemblyBytes,
        string typeName, string methodName, int metadataToken, IReadOnlyList<(string Name, string Path)> references,
        Guid moduleVersionId = default)
    {
        Id = Interlocked.Increment(ref _lastId);
        DisplayName = displayName;
        LoadFrame = new LoadMessage
        {
            FunctionId = Id, AssemblyName = assemblyName, AssemblyPath = assemblyPath ?? string.Empty, AssemblyBytes = assemblyBytes ?? [],
            TypeName = typeName, MethodName = methodName, MetadataToken = metadataToken, ModuleVersionId = moduleVersionId,
            References = references,
        }.ToFrame();
    }

    /// <summary>Gets the id workers know the function by.</summary>
    public int Id { get; }

    /// <summary>Gets the name used in labels and errors.</summary>
    public string DisplayName { get; }

    /// <summary>Gets the frame that makes the function callable in a worker.</summary>
    public byte[] LoadFrame { get; }

    /// <summary>Formats the label of one call, such as "Square(3)".</summary>
    public string Label(object? argument)
    {
        var text = argument switch
        {
            null => string.Empty,
            System.Runtime.CompilerServices.ITuple => argument.ToString() ?? string.Empty,
            string s => $"\"{s}\"",
            _ => $"({argument})",
        };
        if (text.Length > 60)
        {
            text = text[..57] + "…" + text[^1];
        }

        return DisplayName + (text.Length == 0 ? "()" : text);
    }
}
