using System.Text.Json;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Holds the serializer options, created on first use so a worker that only moves primitives never builds them.</summary>
internal static class OptionsHolder
{
    /// <summary>Gets the options: fields included (value tuples travel as Item1, Item2…), deep graphs allowed.</summary>
    public static JsonSerializerOptions Value { get; } = new()
    {
        IncludeFields = true,
        MaxDepth = 256,
    };
}
