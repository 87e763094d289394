using System.Diagnostics;

namespace ConcurrencyNotebooks.Demos;

/// <summary>Sends requests to a handler at a steady rate, each as a thread-pool work item as a web server does, and
/// measures each one's latency and the pool's queue and threads meanwhile.</summary>
/// <remarks>Arrivals come from a dedicated thread (so a starved pool cannot slow them down) and are released in batches
/// when the clock's resolution (about 1 ms) is coarser than the interval. Samples come from another dedicated thread.
/// Run it in a fresh process (a worker) when the pool's state matters: a pool that has grown stays grown for a while.</remarks>
public static class LoadLab
{
    /// <summary>Runs <paramref name="requests"/> requests, one every <paramref name="between"/>, and waits until all are handled.</summary>
    /// <param name="requests">How many requests to send.</param>
    /// <param name="between">The time between two arrivals.</param>
    /// <param name="handle">The request handler; its task completing is the request being handled.</param>
    /// <returns>The latencies and the pool samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="requests"/> is under 1 or <paramref name="between"/> negative.</exception>
    public static LoadRun Serve(int requests, TimeSpan between, Func<Task> handle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(between, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(handle);
        var clock = Stopwatch.StartNew();
        var latencies = new double[requests];
        using var handled = new CountdownEvent(requests);
        var samples = new List<(double At, double Queued, double Threads)>();
        var sampler = new Thread(() =>
        {
            do
            {
                samples.Add((clock.Elapsed.TotalMilliseconds, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount));
            }
            while (!handled.Wait(TimeSpan.FromMilliseconds(1)));
        }) { IsBackground = true, Name = "load sampler" };
        var arrivals = new Thread(() => Arrive(requests, between, clock, latencies, handled, handle)) { IsBackground = true, Name = "load arrivals" };
        sampler.Start();
        arrivals.Start();
        arrivals.Join();
        handled.Wait();
        sampler.Join();
        return new LoadRun(latencies, [.. samples.Select(s => s.At)], [.. samples.Select(s => s.Queued)], [.. samples.Select(s => s.Threads)]);
    }

    private static void Arrive(int requests, TimeSpan between, Stopwatch clock, double[] latencies, CountdownEvent handled, Func<Task> handle)
    {
        for (var i = 0; i < requests; i++)
        {
            while (clock.Elapsed < between * i)
            {
                Thread.Sleep(1);
            }

            var id = i;
            var arrived = clock.Elapsed;
            _ = Task.Run(async () =>
            {
                try
                {
                    await handle().ConfigureAwait(false);
                }
                finally
                {
                    latencies[id] = (clock.Elapsed - arrived).TotalMilliseconds;
                    handled.Signal();
                }
            });
        }
    }
}
