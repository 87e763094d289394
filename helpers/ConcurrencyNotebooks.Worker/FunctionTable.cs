using System.Reflection;
using System.Runtime.Loader;
using ConcurrencyNotebooks.Protocol;

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

            var method = FindMethod(assembly, message);
            _functions[id] = Invoker.Create(method);
        }
        catch (Exception e)
        {
            _functions[id] = new FailedInvoker(e);
        }
    }

    /// <summary>Loads a function's assembly as Assembly.Load(name) would resolve it, straight from its path when only the path can.</summary>
    /// <remarks>A name the default context neither holds nor finds would go through a failed probe and the Resolving handlers
    /// to that same path, on every cold worker's first call.</remarks>
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
        // By file name, not FullName: building an assembly's display name is slow on first use in a fresh worker.
        foreach (var loaded in AssemblyLoadContext.Default.Assemblies)
        {
            if (!loaded.IsDynamic && Path.GetFileNameWithoutExtension(loaded.Location).Equals(simpleName, StringComparison.OrdinalIgnoreCase))
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

    /// <summary>Finds the method by its token in the very build the parent loaded, else by type and method name.</summary>
    /// <remarks>The token avoids reflection over names, slow on first use in a fresh worker; never a method of another build
    /// under the same token.</remarks>
    /// <exception cref="InvalidOperationException">The assembly on disk is not the build the parent runs.</exception>
    private static MethodInfo FindMethod(Assembly assembly, LoadMessage message)
    {
        if (message.MetadataToken != 0 && message.ModuleVersionId != Guid.Empty)
        {
            if (assembly.ManifestModule.ModuleVersionId != message.ModuleVersionId)
            {
                throw new InvalidOperationException(
                    $"{message.AssemblyPath} is not the build of {message.AssemblyName} that the notebook runs (it was rebuilt since it " +
                    $"was loaded), so {message.TypeName}.{message.MethodName} may differ. Restart the kernel to load the new build.");
            }

            return (MethodInfo)assembly.ManifestModule.ResolveMethod(message.MetadataToken)!;
        }

        var type = assembly.GetType(message.TypeName, throwOnError: true)!;
        return type.GetMethod(message.MethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
    }

    /// <summary>Returns the invoker of a loaded function.</summary>
    public Invoker Get(int id) =>
        _functions.TryGetValue(id, out var invoker) ? invoker : new FailedInvoker(new KeyNotFoundException($"Function {id} was never loaded."));

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name is { } simple && _assemblyPaths.TryGetValue(simple, out var path) && File.Exists(path)
            ? context.LoadFromAssemblyPath(path)
            : null;
}
