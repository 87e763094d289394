using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>A notebook read for planning: its core path, its optional sections and its discussion prompts.</summary>
/// <remarks>The marks (the project's convention 5): a markdown heading ending in <c> (optional)</c> starts an optional
/// section that runs to the next heading of the same or a higher level; a blockquote line starting
/// <c>&gt; **Discuss.** </c> is a discussion prompt. A notebook with no marks is all core. Headings inside fenced code
/// blocks (a Python comment in a snippet) are not headings.</remarks>
/// <param name="Core">Everything outside the optional sections.</param>
/// <param name="Optional">The optional sections, in order.</param>
/// <param name="Prompts">The discussion prompts, in order.</param>
internal sealed partial record NotebookOutline(NotebookOutline.Part Core, IReadOnlyList<NotebookOutline.Part> Optional, IReadOnlyList<NotebookOutline.Prompt> Prompts)
{
    /// <summary>The suffix that marks a heading as optional.</summary>
    public const string OptionalSuffix = " (optional)";

    /// <summary>Words of markdown a class reads and discusses per minute.</summary>
    public const int WordsPerMinute = 120;

    /// <summary>Minutes allowed for each exercise.</summary>
    public const int MinutesPerExercise = 10;

    /// <summary>Seconds a code cell is assumed to run at class scale when no run of the notebook at class scale is known.</summary>
    public const int EstimatedSecondsPerCell = 5;

    /// <summary>Reads <paramref name="document"/>'s marks.</summary>
    /// <param name="document">The source notebook.</param>
    /// <param name="cellSeconds">Seconds each code cell ran at class scale, by 0-based cell index, or null when unknown.</param>
    /// <returns>The outline.</returns>
    public static NotebookOutline Read(NotebookDocument document, Func<int, double?> cellSeconds)
    {
        ArgumentNullException.ThrowIfNull(document);
        var core = new PartBuilder("Core path", 1);
        var optional = new List<PartBuilder>();
        var prompts = new List<Prompt>();
        PartBuilder? open = null;
        var openLevel = 0;
        var heading = "(before the first heading)";
        for (var index = 0; index < document.Cells.Count; index++)
        {
            var cell = document.Cells[index];
            if (cell.IsCode)
            {
                var part = open ?? core;
                part.CodeCells++;
                part.Seconds += cellSeconds(index) ?? 0;
                continue;
            }

            if (cell.CellType != "markdown")
            {
                continue;
            }

            var inFence = false;
            foreach (var line in cell.Source.Split('\n'))
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
                else if (!inFence && HeadingLine().Match(line) is { Success: true } match)
                {
                    var level = match.Groups["marks"].Length;
                    var text = match.Groups["text"].Value.Trim();
                    if (open is not null && level <= openLevel)
                    {
                        open = null;
                    }

                    if (open is null && text.EndsWith(OptionalSuffix, StringComparison.OrdinalIgnoreCase))
                    {
                        text = text[..^OptionalSuffix.Length].TrimEnd();
                        open = new PartBuilder(text, cell.Number);
                        openLevel = level;
                        optional.Add(open);
                    }

                    heading = text;
                }
                else if (!inFence && DiscussLine().Match(line) is { Success: true } prompt)
                {
                    prompts.Add(new Prompt(heading, cell.Number, prompt.Groups["text"].Value.Trim(), open is not null));
                }

                var target = open ?? core;
                target.Words += Word().Count(line);
                if (!inFence && ExerciseLine().IsMatch(line))
                {
                    target.Exercises++;
                }
            }
        }

        return new NotebookOutline(core.Build(), optional.Select(part => part.Build()).ToList(), prompts);
    }

    /// <summary>Minutes of <see cref="Core"/> plus every optional section, unrounded.</summary>
    public double AllMinutes => Core.Minutes + Optional.Sum(part => part.Minutes);

    /// <summary>The core path, rounded up to 5 minutes.</summary>
    public int CoreSlot => RoundUpTo5(Core.Minutes);

    /// <summary>The core path without its exercises (done after the class), rounded up to 5 minutes.</summary>
    public int CoreLessonSlot => RoundUpTo5(Core.Minutes - MinutesPerExercise * Core.Exercises);

    /// <summary>The whole notebook, rounded up to 5 minutes.</summary>
    public int FullSlot => RoundUpTo5(AllMinutes);

    /// <summary>Rounds up to a multiple of 5 minutes.</summary>
    public static int RoundUpTo5(double minutes) => (int)Math.Ceiling(Math.Round(minutes, 6) / 5) * 5;

    /// <summary>The core path or one optional section, with what its minutes are made of.</summary>
    /// <param name="Heading">The section's heading without the mark (the core path is called "Core path").</param>
    /// <param name="FirstCell">The 1-based cell its heading is in.</param>
    /// <param name="Words">Words of its markdown.</param>
    /// <param name="CodeCells">Its code cells.</param>
    /// <param name="Seconds">Its code cells' run time at class scale, as known (0 when unknown: see the page's source column).</param>
    /// <param name="Exercises">Exercises that start in it.</param>
    public sealed record Part(string Heading, int FirstCell, int Words, int CodeCells, double Seconds, int Exercises)
    {
        /// <summary>Reading at <see cref="WordsPerMinute"/> + run time + <see cref="MinutesPerExercise"/> per exercise, unrounded.</summary>
        public double Minutes => Words / (double)WordsPerMinute + Seconds / 60 + MinutesPerExercise * Exercises;

        /// <summary>The minutes rounded up to a whole minute (at least 1).</summary>
        public int WholeMinutes => Math.Max(1, (int)Math.Ceiling(Math.Round(Minutes, 6)));
    }

    /// <summary>One discussion prompt.</summary>
    /// <param name="Heading">The heading of the section it is in (the nearest heading above it, any level).</param>
    /// <param name="Cell">The 1-based cell it is in.</param>
    /// <param name="Text">The prompt, markdown, without its <c>**Discuss.**</c> mark.</param>
    /// <param name="InOptionalSection">Whether it sits in an optional section.</param>
    public sealed record Prompt(string Heading, int Cell, string Text, bool InOptionalSection);

    private sealed class PartBuilder(string heading, int firstCell)
    {
        public int Words { get; set; }

        public int CodeCells { get; set; }

        public double Seconds { get; set; }

        public int Exercises { get; set; }

        public Part Build() => new(heading, firstCell, Words, CodeCells, Seconds, Exercises);
    }

    [GeneratedRegex(@"^(?<marks>#{1,6})[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^>\s*\*\*Discuss\.\*\*\s*(?<text>.*)$")]
    private static partial Regex DiscussLine();

    [GeneratedRegex(@"^>\s*\*\*Exercise")]
    private static partial Regex ExerciseLine();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
