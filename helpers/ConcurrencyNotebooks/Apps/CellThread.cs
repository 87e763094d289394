using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ConcurrencyNotebooks.Apps;

/// <summary>The one thread every cell of an exported app starts on, as every kernel cell starts on the kernel's thread.</summary>
/// <remarks>Without it, the app's top-level code runs on a thread-pool thread after its first <c>await</c>; that thread
/// then also runs the continuations a lesson shows moving to the pool, and a timeline would draw them on the cell's lane.
/// This thread is not a pool thread and runs nothing but cells. Thread-safe.</remarks>
public sealed class CellThread
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    /// <summary>Starts the thread (a background thread: it never keeps the app alive).</summary>
    internal CellThread()
    {
        _thread = new Thread(() =>
        {
            foreach (var continuation in _work.GetConsumingEnumerable())
            {
                continuation();
            }
        })
        {
            IsBackground = true,
            Name = "cells",
        };
        _thread.Start();
    }

    /// <summary>Returns an awaitable that continues on this thread (at once when already on it).</summary>
    internal Awaitable SwitchTo() => new(this);

    /// <summary>Awaits a switch to the cell thread.</summary>
    public readonly struct Awaitable(CellThread thread) : INotifyCompletion
    {
        /// <summary>Gets the awaiter (itself).</summary>
        public Awaitable GetAwaiter() => this;

        /// <summary>Gets whether the caller already runs on the cell thread.</summary>
        public bool IsCompleted => Environment.CurrentManagedThreadId == thread._thread.ManagedThreadId;

        /// <summary>Queues the continuation to the cell thread.</summary>
        public void OnCompleted(Action continuation) => thread._work.Add(continuation);

        /// <summary>Ends the await.</summary>
        public void GetResult()
        {
        }
    }
}
