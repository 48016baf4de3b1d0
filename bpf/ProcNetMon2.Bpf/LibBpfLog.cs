using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ProcNetMon2.Bpf;

/// <summary>Routes libbpf's own messages to a logger instead of stderr.</summary>
public static unsafe class LibBpfLog
{
    private static Action<string>? sink;

    /// <summary>The last libbpf messages, kept to explain a failed load.</summary>
    private static readonly Queue<string> Recent = new();

    public static void RouteTo(Action<string> logger)
    {
        sink = logger;
        LibBpf.SetPrint(&Print);
    }

    public static string RecentMessages()
    {
        lock (Recent)
            return string.Join('\n', Recent);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Print(int level, byte* format, nint args)
    {
        try
        {
            const int capacity = 1024;
            byte* buffer = stackalloc byte[capacity];
            int length = LibBpf.VsnPrintf(buffer, capacity, format, args);
            if (length < 0)
                return 0;
            string message = Encoding.UTF8.GetString(buffer, Math.Min(length, capacity - 1)).TrimEnd('\n');
            lock (Recent)
            {
                Recent.Enqueue(message);
                while (Recent.Count > 50)
                    Recent.Dequeue();
            }
            sink?.Invoke(message);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
        return 0;
    }
}
