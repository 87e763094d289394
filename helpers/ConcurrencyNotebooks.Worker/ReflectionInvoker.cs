using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Calls a function of any shape through reflection: no parameter, several (sent as a value tuple), void or Task results.</summary>
internal sealed class ReflectionInvoker : Invoker
{
    private readonly MethodInfo _method;
    private readonly Type? _argumentType;
    private readonly int _arity;

    /// <summary>Prepares the call: the JSON argument type is the parameter, or a value tuple of the parameters.</summary>
    public ReflectionInvoker(MethodInfo method)
    {
        _method = method;
        var declared = method.GetParameters();
        var parameters = new Type[declared.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = declared[i].ParameterType;
        }

        _arity = parameters.Length;
        _argumentType = parameters.Length switch
        {
            0 => null,
            1 => parameters[0],
            <= 7 => Type.GetType($"System.ValueTuple`{parameters.Length}")!.MakeGenericType(parameters),
            _ => throw new NotSupportedException($"{method.Name} has {parameters.Length} parameters; at most 7 can be sent as a tuple."),
        };
    }

    /// <inheritdoc/>
    public override int Invoke(ReadOnlySpan<byte> argumentJson, WireWriter results)
    {
        var json = Run(argumentJson);
        results.WriteBlock(json);
        return json.Length;
    }

    private byte[] Run(ReadOnlySpan<byte> argumentJson)
    {
        object?[]? arguments = null;
        if (_argumentType is not null)
        {
            arguments = ReadArguments(argumentJson);
        }

        object? result;
        try
        {
            result = _method.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        var resultType = _method.ReturnType;
        if (result is Task task)
        {
            task.GetAwaiter().GetResult();
            resultType = resultType.IsGenericType ? resultType.GetGenericArguments()[0] : typeof(object);
            result = resultType == typeof(object) && !_method.ReturnType.IsGenericType ? null : task.GetType().GetProperty("Result")!.GetValue(task);
        }

        if (resultType == typeof(void))
        {
            return "null"u8.ToArray();
        }

        return WriteResult(result, resultType);
    }

    // The JSON work sits in methods of its own: a function with no parameter and no result (a Process target) then never
    // loads System.Text.Json, slow to load in a fresh worker.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private object?[] ReadArguments(ReadOnlySpan<byte> argumentJson)
    {
        var argument = JsonSerializer.Deserialize(argumentJson, _argumentType!, PayloadJson.Options);
        return _arity == 1 ? [argument] : ToArray((ITuple)argument!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] WriteResult(object? result, Type resultType)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(result, resultType, PayloadJson.Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw PayloadJson.NotSerializable(result?.GetType() ?? resultType, "a result", e);
        }
    }

    private static object?[] ToArray(ITuple tuple)
    {
        var values = new object?[tuple.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = tuple[i];
        }

        return values;
    }
}
