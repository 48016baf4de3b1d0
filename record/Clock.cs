using System.Runtime.InteropServices;

namespace ProcNetMon2.Record;

/// <summary>The kernel's clocks, as bpf_ktime_get_ns() and the wall clock see them.</summary>
public static unsafe partial class Clock
{
    private const int ClockRealtime = 0, ClockMonotonic = 1;

    public static long MonotonicNs => Read(ClockMonotonic);

    /// <summary>Add to a monotonic timestamp to get nanoseconds since the Unix epoch.</summary>
    public static long MonotonicToWallNs()
    {
        // Bracket the wall-clock read between two monotonic reads and take the midpoint.
        long before = Read(ClockMonotonic);
        long wall = Read(ClockRealtime);
        long after = Read(ClockMonotonic);
        return wall - (before + (after - before) / 2);
    }

    private static long Read(int clock)
    {
        TimeSpec time;
        if (ClockGetTime(clock, &time) != 0)
            throw new InvalidOperationException($"clock_gettime({clock}) failed");
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);
}
