namespace NotebookRunner.Tests;

/// <summary>Paths the tests need: the repository, its notebooks, the fixtures, and fresh temp folders.</summary>
internal static class TestRepository
{
    /// <summary>Gets the repository root: the folder with global.json above the test binaries, or (when they are built
    /// outside the repository with <c>--artifacts-path</c>) the root recorded in the runner at build time.</summary>
    public static string Root { get; } =
        RepositoryLocator.FindUpward(AppContext.BaseDirectory, "global.json") ?? RepositoryLocator.FindRepositoryRoot();

    /// <summary>Gets the folder of the course notebooks.</summary>
    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>Gets the helpers library a notebook's setup cell references.</summary>
    public static string HelpersLibrary => Path.Combine(Root, "helpers", "lib", "ConcurrencyNotebooks.dll");

    /// <summary>Gets the path of a fixture notebook copied next to the test binaries.</summary>
    /// <param name="name">The fixture's file name.</param>
    /// <returns>The full path.</returns>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Creates an empty temp folder for one test.</summary>
    /// <param name="purpose">A word for the folder name.</param>
    /// <returns>The folder's full path.</returns>
    public static string NewTempFolder(string purpose) =>
        Directory.CreateTempSubdirectory($"notebook-runner-{purpose}-").FullName;

    /// <summary>Copies a fixture into a fresh temp folder, so its kernel has a unique working directory.</summary>
    /// <param name="name">The fixture's file name.</param>
    /// <returns>The copy's full path.</returns>
    public static string CopyFixture(string name)
    {
        var folder = NewTempFolder(Path.GetFileNameWithoutExtension(name));
        var copy = Path.Combine(folder, name);
        File.Copy(Fixture(name), copy);
        return copy;
    }
}
