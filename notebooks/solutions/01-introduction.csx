// Model answers for notebook 1's exercise. The notebook's Solutions cell runs this file with
// `#!import solutions/01-introduction.csx` after its own cells, so `Limit` and the helpers are already there.

// Exercise 1: every slice goes through countSlice, on Parallel.For's threads; Interlocked keeps the total right.
int CountWithParallelForSolution(Func<int, int, int> countSlice)
{
    var slices = CpuWork.Split(Limit, 64);
    var total = 0;
    Parallel.For(0, slices.Count, s =>
        Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
    return total;
}

IntroductionChecks.CheckParallelFor(CountWithParallelForSolution, Limit);
