using System.Runtime.InteropServices;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Gives the calling thread's operating-system id, managed id and pool flag, cached per thread.</summary>
/// <remarks>Each thread reads its own [ThreadStatic] copy, so this is thread-safe and lock-free; the first
/// call on a thread makes one system call (gettid on Linux).</remarks>
internal static class ThreadIdentity
{
    [ThreadStatic]
    private static int _osThreadId;

    [ThreadStatic]
    private static int _managedThreadId;

    [ThreadStatic]
    private static bool _isThreadPoolThread;

    /// <summary>Gets the calling thread's operating-system thread id.</summary>
    public static int OsThreadId
    {
        get
        {
            if (_osThreadId == 0)
            {
                Initialize();
            }

            return _osThreadId;
        }
    }

    /// <summary>Gets the calling thread's managed thread id.</summary>
    public static int ManagedThreadId
    {
        get
        {
            if (_osThreadId == 0)
            {
                Initialize();
            }

            return _managedThreadId;
        }
    }

    /// <summary>Gets whether the calling thread belongs to the thread pool.</summary>
    public static bool IsThreadPoolThread
    {
        get
        {
            if (_osThreadId == 0)
            {
                Initialize();
            }

            return _isThreadPoolThread;
        }
    }

    private static void Initialize()
    {
        _managedThreadId = Environment.CurrentManagedThreadId;
        _isThreadPoolThread = Thread.CurrentThread.IsThreadPoolThread;
        _osThreadId = ReadOsThreadId();
    }

    private static int ReadOsThreadId()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return NativeMethods.gettid();
            }

            if (OperatingSystem.IsWindows())
            {
                return (int)NativeMethods.GetCurrentThreadId();
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        // No native id on this platform: the managed id keeps lanes apart, which is all the charts need.
        return Environment.CurrentManagedThreadId;
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code; DllImport of a blittable no-argument call is enough here.
        [DllImport("libc", EntryPoint = "gettid")]
        internal static extern int gettid();

        [DllImport("kernel32", EntryPoint = "GetCurrentThreadId")]
        internal static extern uint GetCurrentThreadId();
#pragma warning restore SYSLIB1054
    }
}
