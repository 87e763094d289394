using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Timelines;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Configures a <see cref="ProcessPool"/>: task timeout, worker recycling, an initializer, output echo and a timeline.</summary>
/// <example><code>
/// var options = new ProcessPoolOptions { TaskTimeout = TimeSpan.FromSeconds(5), MaxTasksPerWorker = 100 }
///     .WithInitializer(() => Console.WriteLine("worker ready"));
/// using (var pool = new ProcessPool(2, options)) { pool.Map(n => n * n, new[] { 1, 2, 3 }); }
/// </code></example>
public sealed class ProcessPoolOptions
{
    /// <summary>Gets or sets how long one item may run; past it the worker is killed and replaced, and the item fails with a <see cref="TimeoutException"/>.</summary>
    /// <remarks>Null (the default) means no limit. The limit applies to each item, also inside a chunk of several; the pool's
    /// clock runs on a thread of its own, so a starved thread pool does not delay it.</remarks>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Gets or sets how many chunks a worker runs before it is replaced by a fresh process (Python's maxtasksperchild); 0 means never.</summary>
    public int MaxTasksPerWorker { get; set; }

    /// <summary>Gets or sets whether what the function writes to the console in a worker is written to this process's console (the cell's output).</summary>
    public bool EchoWorkerOutput { get; set; } = true;

    /// <summary>Gets or sets a timeline that receives one span per item (label such as "Square(3)"), in one lane per worker process.</summary>
    /// <remarks>Workers time each item with <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>, which is system-wide on Linux,
    /// so their spans sit on the parent's axis.</remarks>
    public Timeline? Timeline { get; set; }

    /// <summary>Gets the function each worker runs once, before its first task.</summary>
    public Action? Initializer { get; private set; }

    internal string? InitializerExpression { get; private set; }

    /// <summary>Gets or sets what dotnet runs in place of the worker host for the pool's first worker: a test host's path and its
    /// arguments (tests of protocol faults); empty for the worker host.</summary>
    internal string[] FirstWorkerArguments { get; set; } = [];

    /// <summary>Gets or sets what runs right after a worker process starts, before the pool hears of it; for tests.</summary>
    internal Action<WorkerConnection>? AfterWorkerStartForTests { get; set; }

    /// <summary>Gets or sets the most worker runtimes that start up at once (the cores); for tests.</summary>
    internal int StartupConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Sets a function each worker runs once when it starts (Python's initializer), and returns these options.</summary>
    /// <param name="initializer">A lambda, a cell method or a static method with no parameters.</param>
    /// <param name="initializerExpression">Filled in by the compiler with the initializer's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initializer"/> is null.</exception>
    public ProcessPoolOptions WithInitializer(Action initializer, [CallerArgumentExpression(nameof(initializer))] string initializerExpression = "")
    {
        ArgumentNullException.ThrowIfNull(initializer);
        Initializer = initializer;
        InitializerExpression = initializerExpression;
        return this;
    }
}
