using System.Threading.Channels;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Collects the results of one map (ordered into an array, or streamed as completed) and fails fast on the first error.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class MapOperation<T, TResult> : ChunkSink
{
    private readonly IReadOnlyList<T> _items;
    private readonly ShippedFunction _function;
    private readonly TResult[]? _results;
    private readonly Channel<TResult>? _stream;
    private readonly TaskCompletionSource<IReadOnlyList<TResult>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remainingItems;
    private CancellationTokenRegistration _registration;

    /// <summary>Creates the operation; <paramref name="unordered"/> streams results through a channel instead of an array.</summary>
    /// <param name="items">The arguments.</param>
    /// <param name="function">The function.</param>
    /// <param name="unordered">Whether results stream as they complete.</param>
    /// <param name="owner">The pool, kept reachable until the operation finishes, so an abandoned pool is not finalized under it.</param>
    public MapOperation(IReadOnlyList<T> items, ShippedFunction function, bool unordered, object owner)
    {
        Owner = owner;
        _items = items;
        _function = function;
        _remainingItems = items.Count;
        if (unordered)
        {
            _stream = Channel.CreateUnbounded<TResult>(new UnboundedChannelOptions { SingleReader = true });
        }
        else
        {
            _results = new TResult[items.Count];
        }

        if (items.Count == 0)
        {
            Finish();
        }
    }

    /// <summary>Gets the pool while the operation runs (it keeps the pool reachable), then null.</summary>
    public object? Owner { get; private set; }

    /// <summary>Gets the task that completes with all results in item order.</summary>
    public Task<IReadOnlyList<TResult>> Task => _done.Task;

    /// <summary>Gets the results as they complete (unordered mode).</summary>
    public ChannelReader<TResult> Stream => _stream!.Reader;

    /// <summary>Calls <paramref name="onCancel"/> when the token is cancelled, until the operation finishes.</summary>
    public void Register(CancellationToken cancellationToken, Action<MapOperation<T, TResult>> onCancel)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(() => onCancel(this));
        }
    }

    /// <summary>Fails the operation with a cancellation.</summary>
    public void Cancel(CancellationToken cancellationToken) => FailCore(new OperationCanceledException(cancellationToken));

    /// <inheritdoc/>
    public override void Complete(PoolChunk chunk, ResultMessage result, WorkerConnection worker)
    {
        if (IsFinished)
        {
            return;
        }

        if (result.ErrorIndex >= 0)
        {
            var index = chunk.Offset + result.ErrorIndex;
            FailCore(new RemoteTaskException(Label(index), _items[index], result.ErrorType, result.ErrorMessage, result.ErrorDetails, worker.Index, worker.ProcessId));
            return;
        }

        var values = new TResult[result.Results.Length];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = PayloadJson.Deserialize<TResult>(result.Results[i].Span);
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            FailCore(new InvalidOperationException(
                $"The result of {Describe(chunk)} came back as JSON that cannot be read as {CSharpTypeName.Display(typeof(TResult))}: {e.Message}", e));
            return;
        }

        if (_results is not null)
        {
            values.CopyTo(_results, chunk.Offset);
        }
        else
        {
            foreach (var value in values)
            {
                _stream!.Writer.TryWrite(value);
            }
        }

        if (Interlocked.Add(ref _remainingItems, -values.Length) == 0)
        {
            Finish();
        }
    }

    /// <inheritdoc/>
    public override void Fail(PoolChunk chunk, Exception error) => FailCore(error);

    /// <inheritdoc/>
    public override string Label(int index) => _function.Label(_items[index]);

    /// <inheritdoc/>
    public override object? Item(int index) => _items[index];

    private void Finish()
    {
        if (TryFinish())
        {
            Owner = null;
            _registration.Dispose();
            _stream?.Writer.TryComplete();
            _done.TrySetResult(_results ?? []);
        }
    }

    private void FailCore(Exception error)
    {
        if (TryFinish())
        {
            Owner = null;
            _registration.Dispose();
            _stream?.Writer.TryComplete(error);
            _done.TrySetException(error);
        }
    }
}
