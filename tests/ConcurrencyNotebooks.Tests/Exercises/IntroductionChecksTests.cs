using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;

namespace ConcurrencyNotebooks.Tests.Exercises;

public sealed class IntroductionChecksTests
{
    private const int Limit = 20_000;
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static void Check(Func<Func<int, int, int>, int> answer, TimeSpan timeout) =>
        IntroductionChecks.CheckParallelFor(answer, Limit, timeout);

    [Fact]
    public void CheckParallelFor_Stub_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(_ => 0, Short));
        Assert.StartsWith("Not yet", error.Message);
    }

    [Fact]
    public void CheckParallelFor_SequentialCountWithoutSlices_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(_ => CpuWork.CountPrimes(0, Limit), Short));
        Assert.Contains("counted no slice", error.Message);
    }

    [Fact]
    public void CheckParallelFor_HardCodedNumber_Throws()
    {
        var known = CpuWork.CountPrimes(0, Limit);
        Assert.Throws<ExerciseCheckException>(() => Check(_ => known, Short));
    }

    [Fact]
    public void CheckParallelFor_SlicesOneAfterAnother_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(
            countSlice => CpuWork.Split(Limit, 64).Sum(slice => countSlice(slice.From, slice.To)), Short));
        Assert.Contains("one at a time", error.Message);
    }

    [Fact]
    public void CheckParallelFor_ModelAnswer_Passes()
    {
        Check(countSlice =>
        {
            var slices = CpuWork.Split(Limit, 64);
            var total = 0;
            Parallel.For(0, slices.Count, s => Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
            return total;
        }, Generous);
    }

    [Fact]
    public void CheckParallelFor_TwoSlicesInParallelRestDirectly_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(countSlice =>
        {
            var slices = CpuWork.Split(Limit, 64);
            var total = 0;
            Parallel.For(0, 2, s => Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
            return total + slices.Skip(2).Sum(slice => CpuWork.CountPrimes(slice.From, slice.To));
        }, Generous));
        Assert.Contains("none from", error.Message);
    }

    [Fact]
    public void CheckParallelFor_HalfTheSlicesThenTheRestInOneGo_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(countSlice =>
        {
            var slices = CpuWork.Split(Limit, 64);
            var total = 0;
            Parallel.For(0, 32, s => Interlocked.Add(ref total, countSlice(slices[s].From, slices[s].To)));
            return total + CpuWork.CountPrimes(slices[32].From, Limit);
        }, Generous));
        Assert.Contains("countSlice counted", error.Message);
    }

    [Fact]
    public void CheckParallelFor_MiddleSliceCountedDirectly_Throws()
    {
        var error = Assert.Throws<ExerciseCheckException>(() => Check(countSlice =>
        {
            var slices = CpuWork.Split(Limit, 64);
            var total = 0;
            Parallel.For(0, slices.Count, s => Interlocked.Add(ref total, s == 10
                ? CpuWork.CountPrimes(slices[s].From, slices[s].To)
                : countSlice(slices[s].From, slices[s].To)));
            return total;
        }, Generous));
        Assert.Contains("never counted", error.Message);
    }

    [Fact]
    public void CheckParallelFor_TwoHalvesInParallel_Passes()
    {
        Check(countSlice =>
        {
            int first = 0, second = 0;
            Parallel.Invoke(() => first = countSlice(0, Limit / 2), () => second = countSlice(Limit / 2, Limit));
            return first + second;
        }, Generous);
    }

    [Fact]
    public void DescribeCoverage_OverlappingSlices_SaysMoreThanOnce()
    {
        var text = IntroductionChecks.DescribeCoverage([(0, 10), (5, 20)], 20);
        Assert.Contains("more than once", text);
    }

    [Fact]
    public void DescribeCoverage_SlicesInAnyOrderCoveringAll_IsNull()
    {
        Assert.Null(IntroductionChecks.DescribeCoverage([(10, 20), (0, 10)], 20));
    }

    [Fact]
    public void ExerciseCheckException_ToString_IsTheMessageAlone()
    {
        Assert.Equal("Not yet: 1", new ExerciseCheckException("Not yet: 1").ToString());
    }
}
