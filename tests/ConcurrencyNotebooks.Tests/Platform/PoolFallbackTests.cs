using System.Diagnostics;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Tests.Processes;

namespace ConcurrencyNotebooks.Tests.Platform;

/// <summary>The process pool's Linux-only paths turned off one by one, as on Windows or macOS: each pool still works.</summary>
/// <remarks>The switches are static, so these tests run in the serial process collection and put them back.</remarks>
[Collection(ProcessTestCollection.Name)]
public sealed class PoolFallbackTests
{
    private static CancellationToken Generous => FileGate.Generous;

    [Fact]
    public async Task Map_HoldDisabled_StartsEveryWorkerAndAllMeet()
    {
        // Without /bin/sh (Windows) no worker waits to start: three workers with one start-up slot all start at once.
        var folder = Directory.CreateTempSubdirectory("pool-nohold-").FullName;
        WorkerLauncher.CanHold = false;
        try
        {
            await using var pool = new ProcessPool(3, new ProcessPoolOptions { StartupConcurrency = 1 });
            var pids = await pool.MapAsync(PoolFunctions.MeetPeers, Enumerable.Repeat($"{folder}|3", 3), chunkSize: 1, Generous);

            Assert.Equal(3, pids.Distinct().Count());
            Assert.Equal(pool.ProcessIds.Order(), pids.Order());
            Assert.Equal([1, 4, 9], await pool.MapAsync(PoolFunctions.Square, new[] { 1, 2, 3 }, chunkSize: 1, Generous));
        }
        finally
        {
            WorkerLauncher.CanHold = !OperatingSystem.IsWindows() && File.Exists("/bin/sh");
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void HeldStartInfo_HoldDisabled_SaysWhy()
    {
        WorkerLauncher.CanHold = false;
        try
        {
            var error = Assert.Throws<PlatformNotSupportedException>(() => WorkerLauncher.HeldStartInfo());
            Assert.Contains("/bin/sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            WorkerLauncher.CanHold = !OperatingSystem.IsWindows() && File.Exists("/bin/sh");
        }
    }

    [Fact]
    public async Task Map_PipeCapacityUnknown_EveryFrameGoesThroughTheWriterThread_ResultsAreRight()
    {
        // Only Linux reports a pipe's capacity: elsewhere it is 0, so no write is made on the caller's thread.
        var reported = PipeCapacity.IsReported;
        PipeCapacity.IsReported = false;
        try
        {
            using (var cat = Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true, RedirectStandardOutput = true })!)
            {
                Assert.Equal(0, PipeCapacity.Of(cat.StandardInput.BaseStream));
                cat.StandardInput.Close();
                cat.WaitForExit();
            }

            await using var pool = new ProcessPool(2);
            var lengths = Enumerable.Range(0, 40).Select(i => i * 5_000).ToList();
            var strings = await pool.MapAsync(PoolFunctions.Repeat, lengths, chunkSize: 3, Generous);
            Assert.Equal(lengths, strings.Select(s => s.Length));
            Assert.Equal(Enumerable.Range(0, 200).Select(i => i * i), await pool.MapAsync(PoolFunctions.Square, Enumerable.Range(0, 200), chunkSize: 1, Generous));
        }
        finally
        {
            PipeCapacity.IsReported = reported;
        }
    }

    [Fact]
    public async Task Map_WorkerWithoutDup2AndGetppid_CapturesConsoleOutput_ResultsAreRight()
    {
        // The test host's --test-no-posix: frames share the worker's stdout (no dup2) and no watchdog polls getppid, as on Windows.
        var options = new ProcessPoolOptions { FirstWorkerArguments = TestWorkerHost.WithoutPosix(), EchoWorkerOutput = false };
        await using var pool = new ProcessPool(1, options);
        Assert.Equal([1, 2, 3], await pool.MapAsync(PoolFunctions.Say, new[] { 1, 2, 3 }, chunkSize: 1, Generous));
        Assert.Equal([1, 2, 3], await pool.MapAsync(PoolFunctions.Say, new[] { 1, 2, 3 }, chunkSize: 3, Generous));
    }

    [Fact]
    public async Task Map_WorkerWithoutDup2WritesRawStdout_FailsNamingTheProtocol_NextCallWorks()
    {
        // What differs without dup2 (Windows): raw stdout bytes land among the frames, so that call fails, the worker is replaced.
        var options = new ProcessPoolOptions { FirstWorkerArguments = TestWorkerHost.WithoutPosix(), EchoWorkerOutput = false };
        await using var pool = new ProcessPool(1, options);

        var error = await Assert.ThrowsAsync<WorkerCrashedException>(
            () => pool.MapAsync(PoolFunctions.WriteRawStdout, new[] { 1 }, chunkSize: 1, Generous));

        Assert.Contains("protocol", error.Message, StringComparison.Ordinal);
        Assert.Equal([16], await pool.MapAsync(PoolFunctions.Square, new[] { 4 }, cancellationToken: Generous));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Worker_WithoutPosix_KeepsItsStdoutAndHasNoWatchdog_StillEndsAtStdinEof(bool withoutPosix)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads the worker's descriptors and thread names from /proc");

        using var worker = Process.Start(withoutPosix ? WorkerLauncher.StartInfo(TestWorkerHost.WithoutPosix()) : WorkerLauncher.StartInfo())!;
        var frames = new FrameReader(worker.StandardOutput.BaseStream);
        Assert.True(frames.TryReadFrame(out var kind, out _));   // Ready: stdout is set up and the watchdog (if any) started
        Assert.Equal(FrameKind.Ready, kind);

        var stdoutIsStderr = ReadLink(worker.Id, 1) == ReadLink(worker.Id, 2);   // dup2(2, 1) points fd 1 at stderr
        var threads = Directory.GetDirectories($"/proc/{worker.Id}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim());

        Assert.Equal(!withoutPosix, stdoutIsStderr);
        Assert.Equal(!withoutPosix, threads.Contains("parent watchdog"));

        // What remains without the watchdog: the parent's end of stdin closing (as when it dies) ends an idle worker.
        worker.StandardInput.Close();
        Assert.False(frames.TryReadFrame(out _, out _));
        worker.WaitForExit();
        Assert.Equal(0, worker.ExitCode);
    }

    private static string ReadLink(int pid, int fd) => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "";
}
