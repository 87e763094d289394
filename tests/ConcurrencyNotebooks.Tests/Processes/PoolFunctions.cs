namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Static methods of a compiled assembly: they travel to workers by path, type and method, without Roslyn.</summary>
public static class PoolFunctions
{
    /// <summary>Squares a number.</summary>
    public static int Square(int n) => n * n;

    /// <summary>Adds two numbers.</summary>
    public static int Add(int a, int b) => a + b;

    /// <summary>Returns the worker's process id.</summary>
    public static int Pid(int _) => Environment.ProcessId;

    /// <summary>Divides 100 by n (throws for 0).</summary>
    public static int Divide(int n) => 100 / n;

    /// <summary>Writes a line to the console and returns n.</summary>
    public static int Say(int n)
    {
        Console.WriteLine($"hello {n}");
        return n;
    }

    /// <summary>Announces its pid in path.started, blocks while the file does not exist (a gate the test controls), then returns the pid.</summary>
    public static int WaitForFile(string path)
    {
        // Write then rename, so the test never reads a half-written pid.
        File.WriteAllText(path + ".tmp", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path + ".started");
        while (!File.Exists(path))
        {
            Thread.Sleep(10);
        }

        return Environment.ProcessId;
    }

    /// <summary>Writes its pid into the folder before the bar and blocks until the folder holds as many files as the number
    /// after it ("folder|3"), so it returns only when that many items run at once; throws after 60 s.</summary>
    public static int MeetPeers(string folderAndCount)
    {
        var (folder, count) = (folderAndCount.Split('|')[0], int.Parse(folderAndCount.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(folder, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)), string.Empty);
        Poll.Until(() => Directory.GetFiles(folder).Length >= count, $"{count} items to run at once",
            seen: () => $"Only {Directory.GetFiles(folder).Length} did.");
        return Environment.ProcessId;
    }

    /// <summary>Returns the pid at once for "quick", else does what <see cref="WaitForFile"/> does.</summary>
    public static int WaitForFileUnlessQuick(string path) => path == "quick" ? Environment.ProcessId : WaitForFile(path);

    /// <summary>Sleeps for the given number of milliseconds and returns it.</summary>
    public static int SleepMs(int ms)
    {
        Thread.Sleep(ms);
        return ms;
    }

    /// <summary>Returns n, or ends the worker process with exit code 7 when n is negative.</summary>
    public static int ExitWhenNegative(int n)
    {
        if (n < 0)
        {
            Environment.Exit(7);
        }

        return n;
    }

    /// <summary>Returns a string of n characters.</summary>
    public static string Repeat(int n) => new('x', n);

    /// <summary>Sets an environment variable in the worker (an initializer).</summary>
    public static void Init() => Environment.SetEnvironmentVariable("POOL_TEST_INIT", "ready");

    /// <summary>Reads the variable the initializer set.</summary>
    public static string ReadInit(int _) => Environment.GetEnvironmentVariable("POOL_TEST_INIT") ?? "missing";

    /// <summary>Prints and returns nothing (the WorkerProcess target).</summary>
    public static void Hello() => Console.WriteLine($"hello from {Environment.ProcessId}");

    /// <summary>Throws (the failing WorkerProcess target).</summary>
    public static void Fail() => throw new InvalidOperationException("target failed");

    /// <summary>Writes raw bytes to the process's stdout and through libc's printf, then returns n.</summary>
    public static int WriteRawStdout(int n)
    {
        using (var raw = Console.OpenStandardOutput())
        {
            raw.Write("\u0005\0\0\0\u000braw bytes that look like a frame\n"u8);
            raw.Flush();
        }

        Printf($"printf from a native library {n}\n");
        Fflush(IntPtr.Zero);
        return n;
    }

    /// <summary>Throws: an initializer that fails.</summary>
    public static void FailingInit() => throw new InvalidOperationException("no database here");

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "printf")]
    private static extern int Printf(string format);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fflush")]
    private static extern int Fflush(IntPtr stream);
}
