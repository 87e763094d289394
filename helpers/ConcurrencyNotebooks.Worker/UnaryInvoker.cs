using System.Reflection;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Calls a one-parameter function through a typed delegate: no boxing, no reflection per call.</summary>
/// <typeparam name="TArg">The parameter type.</typeparam>
/// <typeparam name="TResult">The return type.</typeparam>
internal sealed class UnaryInvoker<TArg, TResult>(MethodInfo method) : Invoker
{
    private readonly Func<TArg, TResult> _function = method.CreateDelegate<Func<TArg, TResult>>();

    /// <inheritdoc/>
    public override int Invoke(ReadOnlySpan<byte> argumentJson, WireWriter results) =>
        PayloadJson.WriteBlock(results, _function(PayloadJson.Deserialize<TArg>(argumentJson)), "a result");
}
