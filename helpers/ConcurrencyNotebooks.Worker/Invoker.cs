using System.Reflection;
using ConcurrencyNotebooks.Protocol;

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
            return Common(parameters[0].ParameterType, method.ReturnType, method)
                   ?? (Invoker)Activator.CreateInstance(typeof(UnaryInvoker<,>).MakeGenericType(parameters[0].ParameterType, method.ReturnType), method)!;
        }

        return new ReflectionInvoker(method);
    }

    /// <summary>Runs the function on one argument and appends its result's JSON to <paramref name="results"/> as a block.</summary>
    /// <returns>The result's JSON length in bytes.</returns>
    /// <remarks>When the function (or the serialization of its result) throws, nothing is appended.</remarks>
    public abstract int Invoke(ReadOnlySpan<byte> argumentJson, WireWriter results);

    /// <summary>Returns the invoker of the commonest signatures through code written for them, which ReadyToRun compiles
    /// ahead of time: built with MakeGenericType, a fresh worker would JIT it before its first call.</summary>
    private static Invoker? Common(Type argument, Type result, MethodInfo method) =>
        (argument, result) switch
        {
            _ when argument == typeof(int) && result == typeof(int) => new UnaryInvoker<int, int>(method),
            _ when argument == typeof(int) && result == typeof(long) => new UnaryInvoker<int, long>(method),
            _ when argument == typeof(long) && result == typeof(long) => new UnaryInvoker<long, long>(method),
            _ when argument == typeof(int) && result == typeof(double) => new UnaryInvoker<int, double>(method),
            _ when argument == typeof(double) && result == typeof(double) => new UnaryInvoker<double, double>(method),
            _ when argument == typeof(string) && result == typeof(int) => new UnaryInvoker<string, int>(method),
            _ => null,
        };
}
