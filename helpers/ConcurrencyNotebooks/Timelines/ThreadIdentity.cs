using System.Runtime.InteropServices;

namespace ConcurrencyNotebooks.Timelines;

/// <summary>Gives the calling thread's operating-system id, managed id and pool flag, cached per thread.</summary>
/// <remarks>Each thread reads its own [ThreadStatic] copy, so this is thread-safe and lock-free; the first
/// call on a thread makes one system call (gettid on Linux, GetCurrentThreadId on Windows, pthread_threadid_np on macOS).
/// Where none answers, the managed thread id stands in: lanes stay apart, but the runtime's lock-contention events (which
/// carry the native id) then land on lanes of their own.</remarks>
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
        _osThreadId = ReadOsThreadId(native: true);
    }

    /// <summary>Returns the calling thread's native id, or its managed id where none answers (or <paramref name="native"/> is false: tests).</summary>
    internal static int ReadOsThreadId(bool native)
    {
        try
        {
            if (native && OperatingSystem.IsLinux())
            {
                return NativeMethods.gettid();
            }

            if (native && OperatingSystem.IsWindows())
            {
                return (int)NativeMethods.GetCurrentThreadId();
            }

            if (native && OperatingSystem.IsMacOS() && NativeMethods.pthread_threadid_np(IntPtr.Zero, out var id) == 0 && id is > 0 and <= int.MaxValue)
            {
                return (int)id;
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

        [DllImport("libc", EntryPoint = "pthread_threadid_np")]
        internal static extern int pthread_threadid_np(IntPtr thread, out ulong threadId);
#pragma warning restore SYSLIB1054
    }
}
