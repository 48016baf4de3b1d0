using System.Globalization;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Benchmarks;

/// <summary>CPU time and memory of a running process and of its named threads, from /proc.</summary>
internal static partial class ProcessStats
{
    private const double ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux

    public static double CpuSeconds(int pid) => CpuSecondsOf($"/proc/{pid}/stat");

    /// <summary>User + system CPU of the process's threads with this name (its comm); null when it has none.</summary>
    public static double? ThreadCpuSeconds(int pid, string threadName)
    {
        double? total = null;
        foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName)
                    total = (total ?? 0) + CpuSecondsOf(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return total;
    }

    public static double PeakRssMiB(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User + system CPU of this process (every thread) and of its children that ended, so far.</summary>
    public static double SelfAndEndedChildrenCpuSeconds() => CpuSecondsOf(ResourceUsageOf.Self) + CpuSecondsOf(ResourceUsageOf.Children);

    private static double CpuSecondsOf(ResourceUsageOf who)
    {
        if (GetResourceUsage((int)who, out var usage) != 0)
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    private enum ResourceUsageOf { Self = 0, Children = -1 }

    /// <summary>struct rusage: two timevals, then fourteen longs this does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        private unsafe fixed long rest[14];
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    private static double CpuSecondsOf(string statPath)
    {
        string stat = File.ReadAllText(statPath);
        // Fields after the parenthesised name; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }
}
