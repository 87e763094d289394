using System.Reflection;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Calls one loaded function on a JSON argument and returns the JSON of its result.</summary>
internal abstract class Invoker
{
    /// <summary>Builds the fastest invoker for a method: a typed delegate for one parameter, reflection otherwise.</summary>
    public static Invoker Create(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (parameters.Length == 1 && method.ReturnType != typeof(void) && !parameters[0].ParameterType.IsByRef
            && !typeof(Task).IsAssignableFrom(method.ReturnType) && !method.ReturnType.IsByRefLike && !parameters[0].ParameterType.IsByRefLike)
        {
            var type = typeof(UnaryInvoker<,>).MakeGenericType(parameters[0].ParameterType, method.ReturnType);
            return (Invoker)Activator.CreateInstance(type, method)!;
        }

        return new ReflectionInvoker(method);
    }

    /// <summary>Runs the function on one argument and appends its result's JSON to <paramref name="results"/> as a block.</summary>
    /// <returns>The result's JSON length in bytes.</returns>
    /// <remarks>When the function (or the serialization of its result) throws, nothing is appended.</remarks>
    public abstract int Invoke(ReadOnlySpan<byte> argumentJson, WireWriter results);
}
