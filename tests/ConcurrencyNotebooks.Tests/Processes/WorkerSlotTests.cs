using ConcurrencyNotebooks.Processes;

namespace ConcurrencyNotebooks.Tests.Processes;

public sealed class WorkerSlotTests
{
    /// <summary>Every move the worker lifecycle has, as written in <see cref="WorkerState"/>'s remarks.</summary>
    public static TheoryData<string, string> LegalMoves => new()
    {
        { "Empty", "Launching" },
        { "Empty", "LaunchingHeld" },
        { "Launching", "StartingUp" },
        { "Launching", "Stopping" },
        { "Launching", "Empty" },
        { "LaunchingHeld", "Held" },
        { "LaunchingHeld", "Stopping" },
        { "LaunchingHeld", "Empty" },
        { "Held", "StartingUp" },
        { "Held", "Stopping" },
        { "Held", "Empty" },
        { "StartingUp", "Initializing" },
        { "StartingUp", "Serving" },
        { "StartingUp", "Stopping" },
        { "StartingUp", "Empty" },
        { "Initializing", "Serving" },
        { "Initializing", "Stopping" },
        { "Initializing", "Empty" },
        { "Serving", "Launching" },
        { "Serving", "Stopping" },
        { "Serving", "Empty" },
        { "Stopping", "Empty" },
    };

    /// <summary>Every pair of states the lifecycle has no move between.</summary>
    public static TheoryData<string, string> IllegalMoves
    {
        get
        {
            var legal = LegalMoves.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
            var data = new TheoryData<string, string>();
            foreach (var from in Enum.GetNames<WorkerState>())
            {
                foreach (var to in Enum.GetNames<WorkerState>().Where(to => !legal.Contains((from, to))))
                {
                    data.Add(from, to);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void MoveTo_LegalMove_ChangesTheState(string fromName, string toName)
    {
        var (from, to) = (Enum.Parse<WorkerState>(fromName), Enum.Parse<WorkerState>(toName));
        var slot = new WorkerSlot(0, from);
        var stop = to == WorkerState.Stopping ? WorkerStop.Cancelled : WorkerStop.None;

        slot.MoveTo(to, stop);

        Assert.Equal(to, slot.State);
        Assert.Equal(stop, slot.Stop);
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void MoveTo_IllegalMove_ThrowsAndKeepsTheState(string fromName, string toName)
    {
        var (from, to) = (Enum.Parse<WorkerState>(fromName), Enum.Parse<WorkerState>(toName));
        var slot = new WorkerSlot(0, from, from == WorkerState.Stopping ? WorkerStop.Timeout : WorkerStop.None);

        var error = Assert.Throws<InvalidOperationException>(() => slot.MoveTo(to, to == WorkerState.Stopping ? WorkerStop.Broken : WorkerStop.None));

        Assert.Contains($"from {from} to {to}", error.Message, StringComparison.Ordinal);
        Assert.Equal(from, slot.State);
    }

    [Fact]
    public void MoveTo_StoppingWithoutAReason_Throws()
    {
        var slot = new WorkerSlot(0, WorkerState.Serving);

        Assert.Throws<InvalidOperationException>(() => slot.MoveTo(WorkerState.Stopping));
        Assert.Equal(WorkerState.Serving, slot.State);
    }

    [Fact]
    public void MoveTo_AReasonForAStateOtherThanStopping_Throws()
    {
        var slot = new WorkerSlot(0, WorkerState.StartingUp);

        Assert.Throws<InvalidOperationException>(() => slot.MoveTo(WorkerState.Serving, WorkerStop.Timeout));
        Assert.Equal(WorkerState.StartingUp, slot.State);
    }

    [Fact]
    public void MoveTo_EmptyAfterStopping_ForgetsTheReason()
    {
        var slot = new WorkerSlot(0, WorkerState.Stopping, WorkerStop.Timeout);

        slot.MoveTo(WorkerState.Empty);

        Assert.Equal(WorkerStop.None, slot.Stop);
    }

    [Fact]
    public void MoveTo_LaunchingAfterServing_ForgetsTheOldProcess()
    {
        var slot = new WorkerSlot(0, WorkerState.Serving) { ChunksDone = 3, LastChunkTicks = 10, LastChunkFunctionId = 7 };
        slot.LoadedFunctions.Add(7);

        slot.MoveTo(WorkerState.Launching);

        Assert.Equal((0, 0L, 0), (slot.ChunksDone, slot.LastChunkTicks, slot.LastChunkFunctionId));
        Assert.Empty(slot.LoadedFunctions);
        Assert.Null(slot.Connection);
    }

    [Fact]
    public void BeginStopping_AlreadyStopping_KeepsTheFirstReason()
    {
        var slot = new WorkerSlot(0, WorkerState.Serving);

        Assert.True(slot.BeginStopping(WorkerStop.Timeout));
        Assert.False(slot.BeginStopping(WorkerStop.Broken));

        Assert.Equal(WorkerStop.Timeout, slot.Stop);
    }

    [Theory]
    [InlineData("Empty")]
    [InlineData("Held")]
    [InlineData("Serving")]
    [InlineData("Stopping")]
    public void Attach_SlotNotLaunching_Throws(string stateName)
    {
        var state = Enum.Parse<WorkerState>(stateName);
        var slot = new WorkerSlot(0, state, state == WorkerState.Stopping ? WorkerStop.Disposed : WorkerStop.None);

        Assert.Throws<InvalidOperationException>(() => slot.Attach(null!));
    }

    [Theory]
    [InlineData("Launching", true)]
    [InlineData("StartingUp", true)]
    [InlineData("LaunchingHeld", false)]
    [InlineData("Held", false)]
    [InlineData("Initializing", false)]
    [InlineData("Serving", false)]
    public void IsStartingUp_EachState_CountsOnlyRuntimesUsingACore(string state, bool startingUp) =>
        Assert.Equal(startingUp, new WorkerSlot(0, Enum.Parse<WorkerState>(state)).IsStartingUp);
}
