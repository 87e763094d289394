using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace NotebookRunner;

/// <summary>Runs one notebook top to bottom in a fresh dotnet-interactive kernel, the way VS Code Polyglot runs it.</summary>
/// <remarks>
/// <para>Code cells are sent one at a time; markdown and raw cells are not sent. The run stops at the first
/// cell that fails or times out, like <c>jupyter nbconvert --execute</c>: later code cells are reported
/// <see cref="CellStatus.NotRun"/> and their outputs are cleared in the executed copy. A cell that only imports a plain
/// script (<c>#!import solutions/NN-name.csx</c>) is sent as that script's text (see <see cref="ScriptImport"/>).</para>
/// <para>A cell that outlives <see cref="NotebookRunOptions.CellTimeout"/> gets a Cancel. The kernel reports the command
/// cancelled at once even when the cell's thread keeps running (Cancel is cooperative: <c>while (true) { }</c> ignores it),
/// so the runner then submits an empty probe: if the probe does not finish within
/// <see cref="NotebookRunOptions.CancelGracePeriod"/>, the kernel's process tree is killed. The kernel is always killed
/// when the notebook is done.</para>
/// </remarks>
/// <example><code>
/// var executor = new NotebookExecutor(new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(60) });
/// var result = await executor.RunAsync("notebooks/01-introduction.ipynb", cancellationToken);
/// if (result.Status != NotebookStatus.Passed) Console.WriteLine(result.DescribeFailure());
/// </code></example>
internal sealed class NotebookExecutor
{
    private readonly NotebookRunOptions _options;
    private readonly INotebookRunObserver? _observer;

    /// <summary>Initializes an executor with the given settings.</summary>
    /// <param name="options">Timeouts, kernel environment and the clock.</param>
    /// <param name="observer">Hears about the kernel start and each finished cell, or null.</param>
    public NotebookExecutor(NotebookRunOptions options, INotebookRunObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _observer = observer;
    }

    /// <summary>Gets the id of the last kernel process this executor started (for tests that check it was killed), or null.</summary>
    public int? LastKernelProcessId { get; private set; }

    /// <summary>Runs the notebook at <paramref name="notebookPath"/>; the source file is only read.</summary>
    /// <param name="notebookPath">The .ipynb file.</param>
    /// <param name="cancellationToken">Stops the run; the kernel is killed and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The result, holding the executed copy of the notebook.</returns>
    public async Task<NotebookRunResult> RunAsync(string notebookPath, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(notebookPath);
        var executed = NotebookDocument.Load(fullPath);
        var name = Path.GetFileNameWithoutExtension(fullPath);
        var clock = _options.TimeProvider;
        var started = clock.GetUtcNow();
        var startTimestamp = clock.GetTimestamp();
        var repositoryRoot = _options.RepositoryRoot ?? RepositoryLocator.FindRepositoryRoot(fullPath);

        var results = new List<CellRunResult>();
        TimeSpan? kernelStartDuration = null;
        string? kernelError = null;

        await using (var kernel = await KernelProcess.StartAsync(repositoryRoot, Path.GetDirectoryName(fullPath)!, _options.Environment, cancellationToken).ConfigureAwait(false))
        {
            LastKernelProcessId = kernel.ProcessId;
            kernelError = await WaitUntilReadyAsync(kernel, cancellationToken).ConfigureAwait(false);
            if (kernelError is null)
            {
                kernelStartDuration = clock.GetElapsedTime(startTimestamp);
                _observer?.KernelStarted(name, kernelStartDuration.Value);
            }

            var executionCount = 0;
            var stopped = kernelError is not null;
            foreach (var cell in executed.Cells)
            {
                CellRunResult result;
                if (!cell.IsCode)
                {
                    result = new CellRunResult { Number = cell.Number, FirstLine = cell.FirstLine, KernelName = "", Status = CellStatus.NotCode };
                }
                else if (stopped)
                {
                    result = new CellRunResult { Number = cell.Number, FirstLine = cell.FirstLine, KernelName = cell.KernelName, Status = CellStatus.NotRun };
                    cell.Node["outputs"] = new JsonArray();
                    cell.Node["execution_count"] = null;
                }
                else
                {
                    result = await RunCellAsync(kernel, cell, Path.GetDirectoryName(fullPath)!, ++executionCount, cancellationToken).ConfigureAwait(false);
                    stopped = result.IsFailure;
                    _observer?.CellFinished(name, result, executed.Cells.Count);
                }

                results.Add(result);
            }
        }

        var duration = clock.GetElapsedTime(startTimestamp);
        var status = kernelError is not null ? NotebookStatus.Failed
            : results.Any(cell => cell.Status == CellStatus.TimedOut) ? NotebookStatus.TimedOut
            : results.Any(cell => cell.Status == CellStatus.Failed) ? NotebookStatus.Failed
            : NotebookStatus.Passed;

        executed.Metadata["notebook_runner"] = new JsonObject
        {
            ["status"] = status.ToString().ToLowerInvariant(),
            ["started"] = FormatTime(started),
            ["finished"] = FormatTime(started + duration),
            ["duration_ms"] = (long)duration.TotalMilliseconds,
            ["kernel_start_ms"] = kernelStartDuration is { } start ? (long)start.TotalMilliseconds : null,
            ["kernel_error"] = kernelError,
        };

        return new NotebookRunResult
        {
            NotebookPath = fullPath,
            Status = status,
            Cells = results,
            ExecutedNotebook = executed,
            Started = started,
            Duration = duration,
            KernelStartDuration = kernelStartDuration,
            KernelErrorMessage = kernelError,
        };
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " s";

    private async Task<string?> WaitUntilReadyAsync(KernelProcess kernel, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.KernelStartTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (await kernel.Events.ReadAsync(linked.Token).ConfigureAwait(false) is var kernelEvent)
            {
                if (kernelEvent.EventType == "KernelReady")
                {
                    return null;
                }
            }
        }
        catch (ChannelClosedException)
        {
            return $"the kernel exited before it was ready.\n{kernel.StandardErrorTail}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the kernel did not report KernelReady within {Seconds(_options.KernelStartTimeout)}.\n{kernel.StandardErrorTail}";
        }

        return null;
    }

    private async Task<CellRunResult> RunCellAsync(
        KernelProcess kernel, NotebookCell cell, string notebookDirectory, int executionCount, CancellationToken cancellationToken)
    {
        var clock = _options.TimeProvider;
        var token = "cell-" + cell.Number.ToString(CultureInfo.InvariantCulture);
        var collector = new CellOutputCollector(executionCount);
        var started = clock.GetUtcNow();
        var startTimestamp = clock.GetTimestamp();

        var code = ScriptImport.CodeToSubmit(cell.Source, notebookDirectory);
        await kernel.SubmitCodeAsync(token, code, cell.KernelName, cancellationToken).ConfigureAwait(false);

        CellStatus status;
        string? error;
        using (var timeout = new CancellationTokenSource(_options.CellTimeout, clock))
        {
            (status, error) = await ReadUntilCellEndsAsync(kernel, token, collector, timeout.Token, cancellationToken).ConfigureAwait(false);
        }

        if (status == CellStatus.TimedOut)
        {
            var budget = $"cell {cell.Number} did not finish within {Seconds(_options.CellTimeout)}";
            try
            {
                await kernel.CancelAsync(token + "-cancel", cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The kernel is gone; the grace wait below sees its event stream end.
            }

            // The kernel answers Cancel at once with CommandFailed even when the cell's thread keeps spinning, so
            // the cell's end proves nothing: a probe submission tells whether the kernel can run code again.
            using var grace = new CancellationTokenSource(_options.CancelGracePeriod, clock);
            await ReadUntilCellEndsAsync(kernel, token, collector, grace.Token, cancellationToken).ConfigureAwait(false);
            var probeToken = token + "-probe";
            try
            {
                await kernel.SubmitCodeAsync(probeToken, "", cell.KernelName, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The kernel is gone; reading the probe's end sees its event stream end.
            }

            var (probe, _) = await ReadUntilCellEndsAsync(kernel, probeToken, new CellOutputCollector(0), grace.Token, cancellationToken).ConfigureAwait(false);
            if (probe == CellStatus.Passed)
            {
                error = $"{budget}; Cancel was sent and the cell stopped.";
            }
            else
            {
                kernel.Kill();
                error = $"{budget}; Cancel was sent and ignored; the kernel was killed.";
            }

            status = CellStatus.TimedOut;
        }

        var duration = clock.GetElapsedTime(startTimestamp);
        if (error is not null)
        {
            collector.AddError(error);
        }

        if (cell.ExpectsError)
        {
            // An exercise check must throw until the learner answers: a check that passes on the empty stub could never fail.
            (status, error) = status switch
            {
                CellStatus.Failed => (CellStatus.FailedAsExpected, error),
                CellStatus.Passed => (CellStatus.Failed, $"cell {cell.Number} is tagged {NotebookCell.RaisesExceptionTag} but did not throw: a check that passes before it is answered cannot fail."),
                _ => (status, error),
            };
            if (status == CellStatus.Failed)
            {
                collector.AddError(error!);
            }
        }

        cell.Node["outputs"] = collector.ToJsonArray();
        cell.Node["execution_count"] = executionCount;
        cell.Metadata[NotebookCell.RunMetadataKey] = new JsonObject
        {
            ["started"] = FormatTime(started),
            ["finished"] = FormatTime(started + duration),
            ["duration_ms"] = (long)duration.TotalMilliseconds,
            ["status"] = status switch { CellStatus.Passed => "ok", CellStatus.FailedAsExpected => "failed_as_expected", CellStatus.TimedOut => "timed_out", _ => "failed" },
        };

        return new CellRunResult
        {
            Number = cell.Number,
            FirstLine = cell.FirstLine,
            KernelName = cell.KernelName,
            Status = status,
            Started = started,
            Finished = started + duration,
            Duration = duration,
            ErrorMessage = error,
            Outputs = collector.Outputs,
        };
    }

    /// <summary>Reads events until the cell's own <c>CommandSucceeded</c>/<c>CommandFailed</c>, the timeout, or the kernel's end.</summary>
    private static async Task<(CellStatus Status, string? Error)> ReadUntilCellEndsAsync(
        KernelProcess kernel, string token, CellOutputCollector collector, CancellationToken timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout);
        try
        {
            while (true)
            {
                var kernelEvent = await kernel.Events.ReadAsync(linked.Token).ConfigureAwait(false);
                if (!kernelEvent.BelongsTo(token))
                {
                    continue;
                }

                if (kernelEvent.Token == token && kernelEvent.EventType == "CommandSucceeded")
                {
                    return (CellStatus.Passed, null);
                }

                if (kernelEvent.Token == token && kernelEvent.EventType == "CommandFailed")
                {
                    return (CellStatus.Failed, kernelEvent.Body["message"]?.GetValue<string>() ?? "the kernel reported a failure with no message.");
                }

                collector.Add(kernelEvent);
            }
        }
        catch (ChannelClosedException)
        {
            var tail = kernel.StandardErrorTail;
            return (CellStatus.Failed, "the kernel exited while the cell ran." + (tail.Length > 0 ? "\n" + tail : ""));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (CellStatus.TimedOut, null);
        }
    }
}
