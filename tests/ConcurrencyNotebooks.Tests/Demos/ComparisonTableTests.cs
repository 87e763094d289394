using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public class ComparisonTableTests
{
    [Fact]
    public void ToMarkdown_RowsVerdictsAndLegends_FromTheFigures()
    {
        var comparison = new Comparison();
        comparison.Record("I/O", "sequential", TimeSpan.FromMilliseconds(1000), cold: TimeSpan.FromMilliseconds(1000));
        comparison.Record("I/O", "async", TimeSpan.FromMilliseconds(100), cold: TimeSpan.FromMilliseconds(200));
        comparison.Record("CPU", "sequential", TimeSpan.FromMilliseconds(200), cold: TimeSpan.FromMilliseconds(400));
        comparison.Record("CPU", "async", TimeSpan.FromMilliseconds(210), cold: TimeSpan.FromMilliseconds(250));
        comparison.Record("CPU", "async + Task.Run", TimeSpan.FromMilliseconds(220), cold: TimeSpan.FromMilliseconds(100));

        var markdown = new ComparisonTable(comparison, "I/O", "CPU")
            .Row("`async`", "async", "async", "I/O", cpuAlso: "async + Task.Run").ToMarkdown();

        Assert.Contains("| `async` | 5.0× / 10.0× | 0.8× / 1.0× (`async + Task.Run`: 2.0× / 0.9×) | I/O |", markdown, StringComparison.Ordinal);
        Assert.Contains("I/O: fastest here async (10.0× warm), ahead of the rest", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("CPU: fastest", markdown, StringComparison.Ordinal);
        Assert.Contains("speed-ups divide sequential's warm time", markdown, StringComparison.Ordinal);
    }
}
