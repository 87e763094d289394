namespace NotebookRunner.Tests;

/// <summary>Tests that start dotnet-interactive kernels run one at a time: each kernel takes a core while it starts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection
{
    /// <summary>The collection's name, for <c>[Collection(KernelCollection.Name)]</c>.</summary>
    public const string Name = "Kernel";
}
