using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>A connection started for the pool reports nothing until its listener is named: whoever started it records the
/// start first, whatever the worker sends meanwhile.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class WorkerConnectionTests
{
    [Fact]
    public async Task Listen_AfterTheReadyFrameWasReadAndTheWorkerKilled_ReportsReadyThenExit()
    {
        var worker = WorkerConnection.Start(0, held: false, []);
        Assert.True(SpinWait.SpinUntil(() => worker.IsReady, TimeSpan.FromSeconds(60)));
        worker.Kill();
        await Task.Delay(50);   // not needed for the outcome: gives a wrongly early exit report the chance to show
        Assert.False(worker.Exited.IsCompleted);   // the reader waits, holding the Ready frame, for a listener

        var listener = new RecordingListener();
        worker.Listen(listener);
        await worker.Exited.WaitAsync(FileGate.Generous);

        Assert.Equal(["ready", "exited"], listener.Events);
    }

    [Fact]
    public async Task Listen_Twice_Throws()
    {
        var worker = WorkerConnection.Start(0, new RecordingListener());

        Assert.Throws<InvalidOperationException>(() => worker.Listen(new RecordingListener()));

        worker.CloseInput();
        await worker.Exited.WaitAsync(FileGate.Generous);
    }

    private sealed class RecordingListener : IWorkerListener
    {
        private readonly List<string> _events = [];

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void OnReady(WorkerConnection worker) => Add("ready");

        public void OnItemStarted(WorkerConnection worker, ItemStartedMessage message) => Add("item started");

        public void OnResult(WorkerConnection worker, ResultMessage result, bool moreBuffered) => Add("result");

        public void OnExited(WorkerConnection worker) => Add("exited");

        private void Add(string name)
        {
            lock (_events)
            {
                _events.Add(name);
            }
        }
    }
}
