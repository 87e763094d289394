using System.Reflection.Emit;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class JitSettleTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    [Fact]
    public void Wait_WhileMethodsAreBeingCompiled_ReturnsOnlyAfterTheCompilingStops()
    {
        // The JIT's total grows at every look until 600 ms, then stays: quiet for 150 ms is first seen at 750 ms.
        var clock = new ManualClock();
        var compilingStops = TimeSpan.FromMilliseconds(600);
        var waiting = new JitSettle.Settling(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30), clock,
            () => clock.Now < compilingStops ? clock.Now : compilingStops);

        var waited = JitSettle.Wait(waiting, _ => clock.Advance(Poll), CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(750), waited);
    }

    [Fact]
    public async Task WaitAsync_JitNeverQuiet_GivesUpAfterTheLongestWait()
    {
        var clock = new ManualClock();
        var waiting = new JitSettle.Settling(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), clock, () => clock.Now);

        var waited = await JitSettle.WaitAsync(waiting, _ => { clock.Advance(Poll); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(300), waited);
    }

    [Fact]
    public void Settling_JitIdleFromTheStart_SettlesExactlyAtTheQuietStretch()
    {
        var clock = new ManualClock();
        var waiting = new JitSettle.Settling(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(15), clock, () => TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(waiting.IsSettled());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(waiting.IsSettled());
    }

    [Fact]
    public void CompiledSoFar_NewMethodCompiled_Grows()
    {
        // What the real waits watch: compiling a method this process has never seen must move it.
        var before = JitSettle.CompiledSoFar();
        var method = new DynamicMethod($"fresh{Guid.NewGuid():N}", typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        Assert.Equal(42, method.CreateDelegate<Func<int, int>>()(41));

        Assert.True(JitSettle.CompiledSoFar() > before);
    }

    [Fact]
    public void Wait_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => JitSettle.Wait(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), cancelled.Token));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JitSettle.WaitAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), cancelled.Token));
    }
}
