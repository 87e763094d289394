using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

/// <summary>The false-sharing verdict, fed made-up times: round after round of (near, far), the first a warm-up.</summary>
public sealed class FalseSharingTests
{
    private static readonly int[] Gaps = [1, 16];

    [Fact]
    public void Explain_NearClearlySlower_ReportsFalseSharing()
    {
        double[] ms = [500, 500, 200, 100, 210, 102, 205, 101];

        var text = FalseSharing.Explain(Gaps, ms, 4, "0");

        Assert.Contains("2.00× as long", text);
        Assert.Contains("one cache line", text);
    }

    [Fact]
    public void Explain_DifferenceWithinNoise_SaysNoDifferenceAndWhy()
    {
        double[] ms = [500, 500, 100, 100, 130, 98, 101, 125];

        var text = FalseSharing.Explain(Gaps, ms, 2, "0");

        Assert.Contains("No difference beyond the noise", text);
        Assert.Contains("2 logical CPUs", text);
        Assert.Contains("hyperthreads", text);
    }

    [Fact]
    public void Explain_SiblingsListed_NamesThem()
    {
        double[] ms = [1, 1, 100, 100, 100, 100, 100, 100];

        var text = FalseSharing.Explain(Gaps, ms, 2, "0-1");

        Assert.Contains("reports CPUs 0-1 as hyperthreads of one physical core", text);
    }

    [Fact]
    public void Explain_FarClearlySlower_BlamesOtherWork()
    {
        double[] ms = [1, 1, 100, 200, 101, 202, 100, 201];

        var text = FalseSharing.Explain(Gaps, ms, 2, null);

        Assert.Contains("were the slower ones", text);
    }

    [Fact]
    public void Explain_PartialRound_Throws() =>
        Assert.Throws<ArgumentException>(() => FalseSharing.Explain(Gaps, [1, 2, 3, 4, 5], 2, null));

    [Fact]
    public void Cpu0Siblings_FileMissing_ReturnsNull() =>
        Assert.Null(FalseSharing.Cpu0Siblings(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [Fact]
    public void Cpu0Siblings_FilePresent_ReturnsItsTrimmedText()
    {
        var root = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "cpu0", "topology"));
        File.WriteAllText(Path.Combine(root, "cpu0", "topology", "thread_siblings_list"), "0-1\n");
        try
        {
            Assert.Equal("0-1", FalseSharing.Cpu0Siblings(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
