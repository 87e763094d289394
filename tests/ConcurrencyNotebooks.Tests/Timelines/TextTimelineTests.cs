using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Tests.Timelines;

public sealed class TextTimelineTests
{
    [Fact]
    public async Task Render_MixedTimeline_HasOneRowPerLaneAndALegend()
    {
        var tl = await TimelineTestData.MixedAsync();
        var text = TextTimeline.Render(tl, 40);
        var lines = text.Split('\n');
        Assert.StartsWith("mixed: 5 spans, 1 markers", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("main", StringComparison.Ordinal) && l.Contains('|', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("pool #1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("thread downloader", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("worker 2 (pid", StringComparison.Ordinal) && l.Contains('▓', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("◆", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("↷", StringComparison.Ordinal));
        Assert.Contains("█ work on a thread", text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("hopping  [pool #", StringComparison.Ordinal) && l.Contains(" → thread ", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains('|', StringComparison.Ordinal)), l => Assert.Equal(40, l.Split('|')[1].Length));
    }

    [Fact]
    public void ToString_EmptyTimeline_SaysNothingRecorded()
    {
        Assert.Contains("nothing recorded", new Timeline("t").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NarrowWidth_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextTimeline.Render(new Timeline("t"), 3));
    }
}
