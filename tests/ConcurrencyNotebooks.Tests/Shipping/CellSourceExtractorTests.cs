using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Tests.Shipping;

public sealed class CellSourceExtractorTests
{
    private static readonly string[] Cells =
    [
        "#r \"nuget: Foo, 1.0\"\nusing System.Numerics;\nvar factor = 3;",
        "record Point(int X, int Y);\nint Helper(Point p) => p.X + p.Y;",
        "int Square(int n) => n * n;\nint Unrelated() => 0;",
        "int Uses(int n) => Helper(new Point(n, Square(n)));\nConsole.WriteLine(1);",
    ];

    [Fact]
    public void Extract_MethodGroup_IncludesTransitiveMethodsAndTypes()
    {
        var code = CellSourceExtractor.Extract(Cells, ["Uses"]);
        Assert.Contains(code.Methods, m => m.StartsWith("static int Uses", StringComparison.Ordinal));
        Assert.Contains(code.Methods, m => m.Contains("Helper(Point p)", StringComparison.Ordinal));
        Assert.Contains(code.Methods, m => m.Contains("Square(int n)", StringComparison.Ordinal));
        Assert.DoesNotContain(code.Methods, m => m.Contains("Unrelated", StringComparison.Ordinal));
        Assert.Equal(["record Point(int X, int Y);"], code.Types);
        Assert.Equal(["using System.Numerics;"], code.Usings);
        Assert.Contains("factor", code.CellVariables);
    }

    [Fact]
    public void Extract_NameRedefinedInALaterCell_TakesTheLatest()
    {
        var code = CellSourceExtractor.Extract([.. Cells, "int Square(int n) => n * n * 1;"], ["Square"]);
        Assert.Equal(["static int Square(int n) => n * n * 1;"], code.Methods);
    }

    [Fact]
    public void Extract_LambdaCode_IncludesTheMethodsItMentions()
    {
        var code = CellSourceExtractor.Extract(Cells, [], "n => Square(n) + factor");
        Assert.Equal(["static int Square(int n) => n * n;"], code.Methods);
    }

    [Fact]
    public void Extract_UnknownRoot_ThrowsNamingIt()
    {
        var error = Assert.Throws<FunctionNotShippableException>(() => CellSourceExtractor.Extract(Cells, ["Missing"]));
        Assert.Contains("'Missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OverloadsInEarlierCells_KeepsThemUnlessRedeclaredWithTheSameParameters()
    {
        var code = CellSourceExtractor.Extract(["int H(int n) => 1;\nint H(string s) => 0;", "int H(long n) => 2;\nint H(int n) => 3;"], ["H"]);
        Assert.Equal(["static int H(long n) => 2;", "static int H(int n) => 3;", "static int H(string s) => 0;"], code.Methods);
    }

    [Fact]
    public void Extract_VariableDeclaredAfterAMethod_HidesTheMethodAndItsOverloads()
    {
        var code = CellSourceExtractor.Extract(["int V(long n) => 1;", "Func<int, int> V = n => 2;", "int V(int n) => 3;"], [], "n => V(n)");
        Assert.Equal(["static int V(int n) => 3;"], code.Methods);

        var hidden = CellSourceExtractor.Extract(["int W(int n) => 1;", "Func<int, int> W = n => 2;"], [], "n => W(n)");
        Assert.Empty(hidden.Methods);
        Assert.Contains("W", hidden.CellVariables);
    }

    [Fact]
    public void DeclaresMethodAndType_TopLevelDeclarations_AreFoundByName()
    {
        Assert.True(CellSourceExtractor.DeclaresMethod("int Sq(int n) => n * n;", "Sq"));
        Assert.False(CellSourceExtractor.DeclaresMethod("Func<int, int> Sq = n => n;", "Sq"));
        Assert.True(CellSourceExtractor.DeclaresType("record Point(int X);", "Point"));
        Assert.False(CellSourceExtractor.DeclaresType("int Point() => 0;", "Point"));
    }
}
