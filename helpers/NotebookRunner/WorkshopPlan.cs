namespace NotebookRunner;

/// <summary>The facilitator page's two plans, built from the notebooks' outlines: a 90-minute class and a full day.</summary>
/// <remarks>Notebooks build on each other, so a plan never skips one to fit a later one: the first that does not fit goes
/// to self-study with everything after it. A plan never lists more than fits its time.</remarks>
internal static class WorkshopPlan
{
    /// <summary>The length of the short class.</summary>
    public const int ShortClassMinutes = 90;

    /// <summary>The short class's one break.</summary>
    public const int ShortBreakMinutes = 10;

    /// <summary>How many notebooks the short class draws from (01–04).</summary>
    public const int ShortClassNotebooks = 4;

    /// <summary>Teaching minutes in the full day (09:00 to 16:30 with its breaks).</summary>
    public const int DayTeachingMinutes = 360;

    /// <summary>The full day's morning and afternoon breaks.</summary>
    public const int CoffeeMinutes = 15;

    /// <summary>The full day's lunch.</summary>
    public const int LunchMinutes = 60;

    /// <summary>When the full day starts, in minutes after midnight (09:00).</summary>
    public const int DayStart = 9 * 60;

    /// <summary>One notebook in a plan.</summary>
    /// <param name="Name">The notebook's file name without extension.</param>
    /// <param name="Outline">Its outline.</param>
    /// <param name="Minutes">The minutes the plan gives it.</param>
    /// <param name="Sections">The optional sections the plan includes.</param>
    public sealed record Item(string Name, NotebookOutline Outline, int Minutes, IReadOnlyList<NotebookOutline.Part> Sections);

    /// <summary>A plan: its notebooks in order, the breaks after some of them, and what goes to self-study.</summary>
    /// <param name="Items">The notebooks taught, in order.</param>
    /// <param name="BreaksAfter">The break after item i (its index), with its minutes.</param>
    /// <param name="SelfStudyNotebooks">Notebooks left for self-study, in order.</param>
    /// <param name="SelfStudySections">Optional sections of the taught notebooks left for self-study.</param>
    /// <param name="SelfStudyExercises">Exercises of the taught notebooks left for after the class.</param>
    public sealed record Plan(
        IReadOnlyList<Item> Items,
        IReadOnlyDictionary<int, int> BreaksAfter,
        IReadOnlyList<string> SelfStudyNotebooks,
        IReadOnlyList<(string Notebook, NotebookOutline.Part Section)> SelfStudySections,
        int SelfStudyExercises = 0)
    {
        /// <summary>Gets the teaching minutes.</summary>
        public int TeachingMinutes => Items.Sum(item => item.Minutes);

        /// <summary>Gets the teaching minutes plus the breaks.</summary>
        public int TotalMinutes => TeachingMinutes + BreaksAfter.Values.Sum();
    }

    /// <summary>The 90-minute class: the core paths of the first four notebooks without their exercises, in order, as many as
    /// fit in 90 minutes less the break; the break goes between the two notebooks nearest the middle; the exercises are
    /// done after the class.</summary>
    /// <param name="notebooks">All notebooks, in workshop order.</param>
    /// <returns>The plan.</returns>
    public static Plan ShortClass(IReadOnlyList<(string Name, NotebookOutline Outline)> notebooks)
    {
        var candidates = notebooks.Take(ShortClassNotebooks).ToList();
        var items = new List<Item>();
        var budget = ShortClassMinutes - ShortBreakMinutes;
        foreach (var (name, outline) in candidates)
        {
            if (items.Sum(item => item.Minutes) + outline.CoreLessonSlot > budget)
            {
                break;
            }

            items.Add(new Item(name, outline, outline.CoreLessonSlot, []));
        }

        var breaks = new Dictionary<int, int>();
        if (items.Count >= 2 && NearestBoundary(items, items.Sum(item => item.Minutes) / 2.0, after: -1) is { } middle)
        {
            breaks[middle] = ShortBreakMinutes;
        }

        return new Plan(
            items,
            breaks,
            candidates.Skip(items.Count).Select(notebook => notebook.Name).ToList(),
            items.SelectMany(item => item.Outline.Optional.Select(section => (item.Name, section))).ToList(),
            items.Sum(item => item.Outline.Core.Exercises));
    }

    /// <summary>The full day: every notebook's core path in order as far as the day holds them, then their optional
    /// sections in order while they fit; a coffee break near a quarter and three quarters of the teaching, lunch near
    /// the middle, each between two notebooks.</summary>
    /// <param name="notebooks">All notebooks, in workshop order.</param>
    /// <returns>The plan.</returns>
    public static Plan FullDay(IReadOnlyList<(string Name, NotebookOutline Outline)> notebooks)
    {
        var taught = new List<(string Name, NotebookOutline Outline)>();
        var used = 0;
        foreach (var notebook in notebooks)
        {
            if (used + notebook.Outline.CoreSlot > DayTeachingMinutes)
            {
                break;
            }

            taught.Add(notebook);
            used += notebook.Outline.CoreSlot;
        }

        var included = taught.ToDictionary(notebook => notebook.Name, _ => new List<NotebookOutline.Part>(), StringComparer.Ordinal);
        var left = new List<(string, NotebookOutline.Part)>();
        foreach (var (name, outline) in taught)
        {
            foreach (var section in outline.Optional)
            {
                if (used + section.WholeMinutes <= DayTeachingMinutes)
                {
                    included[name].Add(section);
                    used += section.WholeMinutes;
                }
                else
                {
                    left.Add((name, section));
                }
            }
        }

        var items = taught.Select(notebook => new Item(notebook.Name, notebook.Outline,
            notebook.Outline.CoreSlot + included[notebook.Name].Sum(section => section.WholeMinutes), included[notebook.Name])).ToList();
        var breaks = new Dictionary<int, int>();
        var previous = -1;
        foreach (var (share, minutes) in new[] { (0.25, CoffeeMinutes), (0.5, LunchMinutes), (0.75, CoffeeMinutes) })
        {
            if (NearestBoundary(items, used * share, previous) is { } boundary)
            {
                breaks[boundary] = minutes;
                previous = boundary;
            }
        }

        return new Plan(items, breaks, notebooks.Skip(taught.Count).Select(notebook => notebook.Name).ToList(), left);
    }

    /// <summary>Formats minutes after midnight as a clock time, <c>09:35</c>.</summary>
    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>The index of the item after which the teaching time is nearest <paramref name="target"/>, among the items
    /// after <paramref name="after"/> and before the last; null when there is none.</summary>
    private static int? NearestBoundary(IReadOnlyList<Item> items, double target, int after)
    {
        int? best = null;
        var bestDistance = double.MaxValue;
        var elapsed = 0;
        for (var index = 0; index < items.Count - 1; index++)
        {
            elapsed += items[index].Minutes;
            var distance = Math.Abs(elapsed - target);
            if (index > after && distance < bestDistance)
            {
                best = index;
                bestDistance = distance;
            }
        }

        return best;
    }
}
