namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Runs the tests that start worker processes one at a time, so process counts and timings stay readable.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process pool (serial)";
}
