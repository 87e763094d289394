using System.Runtime.CompilerServices;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Runs one function in a fresh worker process, the twin of Python's <c>Process(target=task).start(); join()</c>.</summary>
/// <remarks>
/// <para>The function travels like a <see cref="ProcessPool"/> function (a lambda, a cell method or a static method). The
/// process exits when the function returns: <see cref="ExitCode"/> is 0, or 1 if the function threw (see <see cref="Error"/>).
/// What the function writes to the console is in <see cref="Output"/>.</para>
/// <para>For any other program, use <see cref="System.Diagnostics.Process"/>.</para>
/// </remarks>
/// <example><code>
/// void Task() => Console.WriteLine($"hello from pid {Environment.ProcessId}");
/// var p = WorkerProcess.Start(Task);
/// await p.WaitForExitAsync();
/// Console.WriteLine($"{p.Id} exited with {p.ExitCode}: {p.Output}");
/// </code></example>
public sealed class WorkerProcess : IDisposable, IWorkerListener
{
    private readonly WorkerConnection _connection;
    private readonly ShippedFunction _function;
    private string _output = string.Empty;
    private string? _error;

    private WorkerProcess(ShippedFunction function, byte[] argumentJson)
    {
        _function = function;
        _connection = WorkerConnection.Start(0, this);
        _connection.Send([function.LoadFrame, new RunMessage(1, function.Id, RunFlags.None, 1).ToFrame(argumentJson)]);
        _connection.CloseInput();
    }

    /// <summary>Gets the operating-system id of the process.</summary>
    public int Id => _connection.ProcessId;

    /// <summary>Gets the exit code once the process has exited (0 ok, 1 the function threw, 128 + n killed by signal n), else null.</summary>
    public int? ExitCode => _connection.Exited.IsCompleted ? _connection.ExitCode : null;

    /// <summary>Gets whether the process has exited.</summary>
    public bool HasExited => _connection.Exited.IsCompleted;

    /// <summary>Gets what the function wrote to the console (complete once the process has exited).</summary>
    public string Output => _output;

    /// <summary>Gets the exception the function threw, as text (type, message, stack trace), or null.</summary>
    public string? Error => _error;

    /// <summary>Starts a worker process that runs <paramref name="target"/> once and exits.</summary>
    /// <param name="target">A lambda, a cell method or a static method with no parameters.</param>
    /// <param name="targetExpression">Filled in by the compiler with the target's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The target cannot be sent to a worker.</exception>
    public static WorkerProcess Start(Action target, [CallerArgumentExpression(nameof(target))] string targetExpression = "")
    {
        ArgumentNullException.ThrowIfNull(target);
        return new WorkerProcess(FunctionShipper.Ship(target, targetExpression), "null"u8.ToArray());
    }

    /// <summary>Starts a worker process that runs <paramref name="target"/> on one argument and exits (Python's args=).</summary>
    /// <param name="target">A lambda, a cell method or a static method with one parameter.</param>
    /// <param name="argument">The argument, sent as JSON.</param>
    /// <param name="targetExpression">Filled in by the compiler with the target's source text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="FunctionNotShippableException">The target cannot be sent to a worker.</exception>
    public static WorkerProcess Start<T>(Action<T> target, T argument, [CallerArgumentExpression(nameof(target))] string targetExpression = "")
    {
        ArgumentNullException.ThrowIfNull(target);
        return new WorkerProcess(FunctionShipper.Ship(target, targetExpression), PayloadJson.Serialize(argument, "an argument"));
    }

    /// <summary>Waits until the process has exited (Python's join()).</summary>
    /// <param name="cancellationToken">Stops waiting (the process keeps running).</param>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _connection.Exited.WaitAsync(cancellationToken);

    /// <summary>Blocks until the process has exited (Python's join()).</summary>
    public void WaitForExit() => _connection.Exited.GetAwaiter().GetResult();

    /// <summary>Kills the process (SIGKILL), like Python's kill().</summary>
    public void Kill() => _connection.Kill();

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (!_connection.Exited.IsCompleted)
        {
            _connection.Kill();
        }
    }

    /// <summary>Returns a one-line summary: function, pid and state.</summary>
    public override string ToString() => $"WorkerProcess({_function.DisplayName}, pid {Id}, {(HasExited ? $"exit code {ExitCode}" : "running")})";

    /// <inheritdoc/>
    void IWorkerListener.OnReady(WorkerConnection worker)
    {
    }

    /// <inheritdoc/>
    void IWorkerListener.OnItemStarted(WorkerConnection worker, ItemStartedMessage message)
    {
    }

    /// <inheritdoc/>
    void IWorkerListener.OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered)
    {
        _output = result.Output;
        if (result.ErrorIndex >= 0)
        {
            _error = result.ErrorDetails;
        }
    }

    /// <inheritdoc/>
    void IWorkerListener.OnExited(WorkerConnection worker)
    {
    }
}
