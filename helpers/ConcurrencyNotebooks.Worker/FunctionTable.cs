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

    /// <summary>Makes a function of a Load frame callable (a load error is kept and thrown by each call).</summary>
    public void Load(LoadMessage message)
    {
        var id = message.FunctionId;
        var assemblyName = message.AssemblyName;
        var assemblyPath = message.AssemblyPath;
        var bytes = message.AssemblyBytes;
        foreach (var (name, path) in message.References)
        {
            _assemblyPaths.TryAdd(name, path);
        }

        try
        {
            Assembly assembly;
            if (bytes.Length > 0)
            {
                assembly = Assembly.Load(bytes);
            }
            else
            {
                var simpleName = SimpleName(assemblyName);
                _assemblyPaths.TryAdd(simpleName, assemblyPath);
                assembly = LoadByPathFirst(simpleName, assemblyName, assemblyPath);
            }

            var method = FindMethod(assembly, message.TypeName, message.MethodName, message.MetadataToken);
            _functions[id] = Invoker.Create(method);
        }
        catch (Exception e)
        {
            _functions[id] = new FailedInvoker(e);
        }
    }

    /// <summary>Loads a function's assembly the way Assembly.Load(name) would resolve it, but straight from its path when only
    /// the path can provide it: a name the default context neither holds nor finds among the app's assemblies would go through
    /// the Resolving handlers to that same path, and that failed probe costs a cold worker ~5 ms.</summary>
    private static Assembly LoadByPathFirst(string simpleName, string assemblyName, string assemblyPath)
    {
        if (assemblyPath.Length > 0 && !IsLoadedOrTrusted(simpleName) && File.Exists(assemblyPath))
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
        }

        return Assembly.Load(new AssemblyName(assemblyName));
    }

    /// <summary>Returns the simple name of a full assembly name; only names with escapes or quotes go through the full parser.</summary>
    private static string SimpleName(string assemblyName)
    {
        if (assemblyName.AsSpan().IndexOfAny('\\', '"', '\'') >= 0)
        {
            return new AssemblyName(assemblyName).Name!;
        }

        var comma = assemblyName.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? assemblyName : assemblyName[..comma]).Trim();
    }

    /// <summary>Returns whether the default context already holds an assembly of this name or lists it among the app's assemblies.</summary>
    private static bool IsLoadedOrTrusted(string simpleName)
    {
        foreach (var loaded in AssemblyLoadContext.Default.Assemblies)
        {
            var fullName = loaded.FullName;
            if (fullName is not null && fullName.Length > simpleName.Length && fullName[simpleName.Length] == ','
                && fullName.StartsWith(simpleName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string trusted)
        {
            return false;
        }

        var file = Path.DirectorySeparatorChar + simpleName + ".dll";
        for (var at = trusted.IndexOf(file, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = trusted.IndexOf(file, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + file.Length;
            if (end == trusted.Length || trusted[end] == Path.PathSeparator)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the method by its token (no type-name parsing: the common, fast path), else by type and method name.</summary>
    private static MethodInfo FindMethod(Assembly assembly, string typeName, string methodName, int token)
    {
        if (token != 0 && assembly.ManifestModule.ResolveMethod(token) is MethodInfo byToken && byToken.Name == methodName
            && byToken.DeclaringType?.FullName == typeName)
        {
            return byToken;
        }

        var type = assembly.GetType(typeName, throwOnError: true)!;
        return token != 0
            ? (MethodInfo)type.Module.ResolveMethod(token)!
            : type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
    }

    /// <summary>Returns the invoker of a loaded function.</summary>
    public Invoker Get(int id) =>
        _functions.TryGetValue(id, out var invoker) ? invoker : new FailedInvoker(new KeyNotFoundException($"Function {id} was never loaded."));

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name is { } simple && _assemblyPaths.TryGetValue(simple, out var path) && File.Exists(path)
            ? context.LoadFromAssemblyPath(path)
            : null;
}
