using System.Reflection;
using System.Runtime.CompilerServices;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Analyze;

/// <summary>
/// Compiles a report's hot code on a spare core while the main thread parses the command line and opens the
/// recording: zstd decompression and the block decoder (<see cref="SegmentReadWarmUp"/>), the scan's per-event loop,
/// and the statistics after the scan. Those methods are jitted either way (they are not precompiled, or are marked to be
/// jitted fully optimized); done here, a one-off report does not wait for them on its serial path.
/// </summary>
public static class AnalysisWarmUp
{
    /// <summary>Starts the warm-up on a background thread of its own; the process does not wait for it.</summary>
    public static Thread Start()
    {
        var thread = new Thread(RunQuietly) { IsBackground = true, Name = "pnm warm-up" };
        thread.Start();
        return thread;
    }

    /// <summary>Compiles the methods now, on this thread; how many it compiled.</summary>
    public static int Run()
    {
        SegmentReadWarmUp.Run();
        int compiled = 0;
        foreach (var method in Methods())
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            compiled++;
        }
        // The groups' statistics run in Parallel.For: its first use starts the thread pool's workers and the task
        // library's event source (set up by reflection), ~10 ms that would otherwise come after the scan.
        Parallel.For(0, Environment.ProcessorCount, _ => { });
        return compiled;
    }

    internal static IEnumerable<MethodBase> Methods() =>
    [
        .. TrafficScan.ColumnScanMethods(),
        typeof(BinSeries).GetMethod(nameof(BinSeries.BusyTotals))!,
        typeof(NthSmallest).GetMethod(nameof(NthSmallest.Of))!,
    ];

    // Only ever an earlier start: whatever fails here fails again, with its proper error, where the report needs it.
    private static void RunQuietly()
    {
        try
        {
            Run();
        }
        catch (Exception)
        {
        }
    }
}
