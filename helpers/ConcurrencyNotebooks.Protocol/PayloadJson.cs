using System.Text.Json;

namespace ConcurrencyNotebooks.Protocol;

/// <summary>Serializes arguments and results with System.Text.Json the same way in the parent and the workers.</summary>
/// <remarks>Fields are included, so value tuples travel as <c>{"Item1":…,"Item2":…}</c>.</remarks>
internal static class PayloadJson
{
    /// <summary>Gets the options both sides use.</summary>
    public static JsonSerializerOptions Options => OptionsHolder.Value;

    /// <summary>Serializes a value of a known type, turning a failure into an error that names the type.</summary>
    /// <exception cref="ArgumentException">System.Text.Json cannot serialize <typeparamref name="T"/>.</exception>
    public static byte[] Serialize<T>(T value, string role)
    {
        // Primitives skip JsonSerializer: its first use adds reflection metadata and JIT to a worker's start-up.
        if (typeof(T) == typeof(int))
        {
            return Utf8(((int)(object)value!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (typeof(T) == typeof(long))
        {
            return Utf8(((long)(object)value!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (typeof(T) == typeof(bool))
        {
            return (bool)(object)value! ? "true"u8.ToArray() : "false"u8.ToArray();
        }

        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw NotSerializable(value?.GetType() ?? typeof(T), role, e);
        }
    }

    /// <summary>Deserializes a value of a known type.</summary>
    /// <summary>Writes <paramref name="value"/>'s JSON as a length-prefixed block; numbers are formatted in place, with no allocation.</summary>
    /// <returns>The JSON's length in bytes.</returns>
    /// <exception cref="ArgumentException">When the value cannot be serialized (nothing is written then).</exception>
    public static int WriteBlock<T>(WireWriter writer, T value, string role)
    {
        Span<byte> digits = stackalloc byte[24];
        int written;
        if (typeof(T) == typeof(int) && System.Buffers.Text.Utf8Formatter.TryFormat((int)(object)value!, digits, out written))
        {
            writer.WriteBlock(digits[..written]);
            return written;
        }

        if (typeof(T) == typeof(long) && System.Buffers.Text.Utf8Formatter.TryFormat((long)(object)value!, digits, out written))
        {
            writer.WriteBlock(digits[..written]);
            return written;
        }

        var json = Serialize(value, role);
        writer.WriteBlock(json);
        return json.Length;
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> json)
    {
        if (typeof(T) == typeof(int) && System.Buffers.Text.Utf8Parser.TryParse(json, out int i, out var used) && used == json.Length)
        {
            return (T)(object)i;
        }

        if (typeof(T) == typeof(long) && System.Buffers.Text.Utf8Parser.TryParse(json, out long l, out used) && used == json.Length)
        {
            return (T)(object)l;
        }

        return JsonSerializer.Deserialize<T>(json, Options)!;
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    /// <summary>Builds the error for a type that cannot travel between processes.</summary>
    public static ArgumentException NotSerializable(Type type, string role, Exception inner) =>
        new($"Cannot send {role} of type {CSharpTypeName.Display(type)} to a worker process: System.Text.Json cannot serialize it " +
            $"({inner.Message}). Pass plain data instead: numbers, strings, arrays, lists, tuples or records of those.", inner);

    /// <summary>Names the instantiations a worker uses for the commonest signatures, so ReadyToRun compiles them into this
    /// assembly's image and a fresh worker does not JIT them before its first call. Never called.</summary>
    internal static void ReadyToRunRoots(WireWriter writer)
    {
        _ = Deserialize<int>(default);
        _ = Deserialize<long>(default);
        _ = Deserialize<double>(default);
        _ = Deserialize<string>(default);
        WriteBlock(writer, 0, string.Empty);
        WriteBlock(writer, 0L, string.Empty);
        WriteBlock(writer, 0.0, string.Empty);
    }
}
