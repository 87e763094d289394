using System.Reflection;
using System.Runtime.Loader;
using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Worker;

/// <summary>Keeps the functions this worker has loaded, by id, and resolves the assemblies they depend on.</summary>
internal sealed class FunctionTable
{
    private readonly Dictionary<int, Invoker> _functions = [];
    private readonly Dictionary<string, string> _assemblyPaths = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the table and hooks assembly resolution to the paths the parent sends.</summary>
    public FunctionTable() => AssemblyLoadContext.Default.Resolving += Resolve;

    /// <summary>Reads a Load frame and makes its function callable (a load error is kept and thrown by each call).</summary>
    public void Load(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var id = reader.ReadInt32();
        var assemblyName = reader.ReadString();
        var assemblyPath = reader.ReadString();
        var bytes = reader.ReadBlock();
        var typeName = reader.ReadString();
        var methodName = reader.ReadString();
        var token = reader.ReadInt32();
        var references = reader.ReadInt32();
        for (var i = 0; i < references; i++)
        {
            var name = reader.ReadString();
            var path = reader.ReadString();
            _assemblyPaths.TryAdd(name, path);
        }

        try
        {
            Assembly assembly;
            if (!bytes.IsEmpty)
            {
                assembly = Assembly.Load(bytes.ToArray());
            }
            else
            {
                var simpleName = new AssemblyName(assemblyName).Name!;
                _assemblyPaths.TryAdd(simpleName, assemblyPath);
                assembly = Assembly.Load(new AssemblyName(assemblyName));
            }

            var type = assembly.GetType(typeName, throwOnError: true)!;
            var method = token != 0
                ? (MethodInfo)type.Module.ResolveMethod(token)!
                : type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            _functions[id] = Invoker.Create(method);
        }
        catch (Exception e)
        {
            _functions[id] = new FailedInvoker(e);
        }
    }

    /// <summary>Returns the invoker of a loaded function.</summary>
    public Invoker Get(int id) =>
        _functions.TryGetValue(id, out var invoker) ? invoker : new FailedInvoker(new KeyNotFoundException($"Function {id} was never loaded."));

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name is { } simple && _assemblyPaths.TryGetValue(simple, out var path) && File.Exists(path)
            ? context.LoadFromAssemblyPath(path)
            : null;
}
