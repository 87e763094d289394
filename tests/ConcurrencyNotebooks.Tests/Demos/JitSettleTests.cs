using System.Diagnostics;
using System.Reflection.Emit;
using ConcurrencyNotebooks.Demos;

namespace ConcurrencyNotebooks.Tests.Demos;

public sealed class JitSettleTests
{
    [Fact]
    public async Task Wait_WhileMethodsAreBeingCompiled_ReturnsOnlyAfterTheCompilingStops()
    {
        using var busy = new JitWorkload();
        await busy.StartedAsync();
        var stopAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 6 / 10;
        busy.StopAt(stopAt);

        JitSettle.Wait(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(busy.Stopped, "the JIT was still compiling when the wait returned");
        Assert.True(Stopwatch.GetTimestamp() >= busy.LastCompileTicks + Stopwatch.Frequency / 10);
    }

    [Fact]
    public async Task WaitAsync_JitNeverQuiet_GivesUpAfterTheLongestWait()
    {
        using var busy = new JitWorkload();
        await busy.StartedAsync();
        var waited = await JitSettle.WaitAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.False(busy.Stopped);
        Assert.True(waited >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Wait_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => JitSettle.Wait(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), cancelled.Token));
    }

    /// <summary>Keeps the JIT busy on a thread of its own by compiling new dynamic methods until told to stop.</summary>
    private sealed class JitWorkload : IDisposable
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Thread _thread;
        private long _stopAt = long.MaxValue;
        private volatile bool _stopped;

        public JitWorkload()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "JIT workload" };
            _thread.Start();
        }

        public bool Stopped => _stopped;

        public long LastCompileTicks { get; private set; }

        public Task StartedAsync() => _started.Task;

        public void StopAt(long ticks) => Volatile.Write(ref _stopAt, ticks);

        public void Dispose()
        {
            StopAt(0);
            _thread.Join();
        }

        private void Run()
        {
            for (var i = 0; Stopwatch.GetTimestamp() < Volatile.Read(ref _stopAt); i++)
            {
                var method = new DynamicMethod($"busy{i}", typeof(int), [typeof(int)]);
                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Ret);
                _ = ((Func<int, int>)method.CreateDelegate(typeof(Func<int, int>)))(i);
                LastCompileTicks = Stopwatch.GetTimestamp();
                _started.TrySetResult();
            }

            _stopped = true;
        }
    }
}
