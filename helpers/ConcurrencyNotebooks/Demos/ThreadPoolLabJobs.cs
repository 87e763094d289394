namespace ConcurrencyNotebooks.Demos;

/// <summary>Says how a thread-pool lab job waits: the three cases the pool treats differently.</summary>
public enum ThreadPoolLabJobs
{
    /// <summary><c>Thread.Sleep</c>: the thread is held and the pool cannot tell it is blocked.</summary>
    ThreadSleep,

    /// <summary><c>Task.Delay(…).Wait()</c>: the thread is held, and the wait tells the pool (blocking compensation, .NET 6+).</summary>
    TaskWait,

    /// <summary><c>await Task.Delay(…)</c>: no thread is held while the job waits.</summary>
    Await,
}
