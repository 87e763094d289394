using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace ConcurrencyNotebooks.Charts;

/// <summary>Lets a notebook host find this library's dependencies, and answers with the host's own copy where it has one.</summary>
/// <remarks>
/// <para>A host carries its own versions of some of our dependencies, and a second copy of the same name cannot load
/// beside it: Plotly.NET 6 references FSharp.Core 10.1 where the dotnet-interactive kernel runs 10.0, and we reference
/// Microsoft.AspNetCore.Html.Abstractions 2.3 where dotnet-repl runs an older one. A request for a name the host has
/// already loaded is answered with the loaded assembly.</para>
/// <para>A <c>#r</c> of a dll does not restore its NuGet dependencies; they sit next to this assembly in
/// helpers/lib/, so a request that nothing else resolves is looked up there.</para>
/// <para>Registered by a module initializer, so it is in place before any Plotly.NET type is touched.</para>
/// </remarks>
internal static class AssemblyResolution
{
    private static int _installed;

#pragma warning disable CA2255 // A library loaded by #r has no Main: the module initializer is the only hook that runs before Plotly.NET loads.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var loaded = context.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null)
        {
            return loaded;
        }

        var directory = Path.GetDirectoryName(typeof(AssemblyResolution).Assembly.Location);
        if (string.IsNullOrEmpty(directory) || name.Name is null)
        {
            return null;
        }

        var candidate = Path.Combine(directory, name.Name + ".dll");
        return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
    }
}
