using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Tests.Processes;

public sealed class CSharpTypeNameTests
{
    [Theory]
    [InlineData(typeof(int), "int")]
    [InlineData(typeof(string[]), "string[]")]
    [InlineData(typeof(int[,]), "int[,]")]
    [InlineData(typeof(int?), "int?")]
    [InlineData(typeof(List<int>), "global::System.Collections.Generic.List<int>")]
    [InlineData(typeof(Dictionary<string, List<double>>), "global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.List<double>>")]
    [InlineData(typeof((int, string)), "(int, string)")]
    [InlineData(typeof(Environment.SpecialFolder), "global::System.Environment.SpecialFolder")]
    [InlineData(typeof(Dictionary<int, string>.KeyCollection), "global::System.Collections.Generic.Dictionary<int, string>.KeyCollection")]
    public void Format_CommonTypes_GivesCompilableCSharp(Type type, string expected) => Assert.Equal(expected, CSharpTypeName.Format(type));

    [Fact]
    public void Format_TupleNames_AppliesThemInPreOrder()
    {
        Assert.Equal("(string Name, (int A, int B) Pair)", CSharpTypeName.Format(typeof((string, (int, int))), ["Name", "Pair", "A", "B"]));
    }

    [Fact]
    public void Display_GenericType_IsShort() => Assert.Equal("Func<int>", CSharpTypeName.Display(typeof(Func<int>)));

    [Fact]
    public void IsSubmissionName_ScriptClass_IsRecognised()
    {
        Assert.True(CSharpTypeName.IsSubmissionName("Submission#12"));
        Assert.False(CSharpTypeName.IsSubmissionName("Program"));
    }
}
