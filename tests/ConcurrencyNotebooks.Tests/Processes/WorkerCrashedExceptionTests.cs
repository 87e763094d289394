using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Tests.Processes;

public sealed class WorkerCrashedExceptionTests
{
    // What a worker printed when Environment.FailFast ended it (seen in notebook 3).
    private const string FailFastTail = """
        Process terminated.
        simulated crash on item 3
           at System.Environment.FailFast(System.Runtime.CompilerServices.StackCrawlMarkHandle, System.String, System.Runtime.CompilerServices.ObjectHandleOnStack, System.String)
           at System.Environment.FailFast(System.String)
           at Shipped.CrashOnThree(Int32)
           at Shipped.Invoke(Int32)
           at ConcurrencyNotebooks.Worker.UnaryInvoker`2[[System.Int32, System.Private.CoreLib, Version=10.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e],[System.Int32, System.Private.CoreLib, Version=10.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]].Invoke(System.ReadOnlySpan`1<Byte>, ConcurrencyNotebooks.Protocol.WireWriter)
           at ConcurrencyNotebooks.Worker.WorkerHost.Run(ConcurrencyNotebooks.Worker.ProtocolFault)
           at Program.<Main>$(System.String[])
        """;

    [Fact]
    public void Message_FailFastTail_KeepsTheReasonAndTheUsersFrameOnly()
    {
        var error = new WorkerCrashedException(1, 42, 134, "killed by signal 6 (SIGABRT)", "CrashOnThree(3)", 3, FailFastTail);

        Assert.Contains("simulated crash on item 3", error.Message);
        Assert.Contains("at Shipped.CrashOnThree(Int32)", error.Message);
        Assert.DoesNotContain("UnaryInvoker", error.Message);
        Assert.DoesNotContain("System.Environment.FailFast", error.Message);
        Assert.Contains("6 frames of the runtime and the worker host left out", error.Message);
        Assert.Equal(FailFastTail, error.StderrTail);
    }

    [Fact]
    public void Message_NoStderr_IsOneSentenceAboutTheWorker()
    {
        var error = new WorkerCrashedException(0, 7, 137, "killed by signal 9 (SIGKILL)", "Square(2)", 2, "");
        Assert.DoesNotContain(Environment.NewLine, error.Message);
        Assert.Contains("Worker 0 (pid 7) died while running Square(2)", error.Message);
    }
}
