using System.Runtime.CompilerServices;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Diff;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Tests.Schema;
using Xunit;

namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>
/// A side's measures outlive its scan: one side of a diff is kept while the other is scanned, so the
/// measures must not hold on to the group's bins or the scan's groups.
/// </summary>
public sealed class GroupMeasuresTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void Measures_keep_the_sums_and_tested_samples_but_not_the_scan()
    {
        using var recordings = RecordingSet.Open([DiffTestRecordings.Base().WriteTo(directory.File("base.db"))]);

        var (measures, scan, traffic) = MeasureCurl(recordings, new HashSet<RateSeries> { RateSeries.Tx, RateSeries.Total });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(scan.IsAlive, "the scan (every group's bins) is still referenced");
        Assert.False(traffic.IsAlive, "the group's traffic (its bins) is still referenced");
        // curl sent 1000 B in seconds 0 and 1 of a 4 s window of 1 s intervals.
        Assert.Equal(2000, measures.TxBytes);
        Assert.Equal(1, measures.ConnectionsOpened);
        Assert.Equal(1000, measures.PeakRate);
        Assert.Equal([0.0, 1000.0], WeightedSample.Of(measures.Rates(RateSeries.Tx)).Values);
        Assert.Equal([2L, 2L], WeightedSample.Of(measures.Rates(RateSeries.Tx)).Counts);
        Assert.Equal([0.0, 1000.0], WeightedSample.Of(measures.Rates(RateSeries.Total)).Values);
        Assert.Throws<InvalidOperationException>(() => measures.Rates(RateSeries.Rx));
    }

    /// <summary>Scans and measures out of line, so that nothing but the weak references points at the scan afterwards.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (GroupMeasures Measures, WeakReference Scan, WeakReference Traffic) MeasureCurl(RecordingSet recordings, IReadOnlySet<RateSeries> tested)
    {
        var scan = TrafficScan.Run(recordings, new ScanRequest(GroupKey.By(DiffOptions.DefaultGroupBy), TrafficFilter.None,
            AnalysisWindow.Select(recordings, null, null), ReportOptions.Nanoseconds(TrafficReport.DefaultInterval)));
        var curl = scan.Groups.Single(g => Equals(g.Key[0], "curl"));
        return (new GroupMeasures(curl, scan, recordings, tested), new WeakReference(scan), new WeakReference(curl));
    }

    public void Dispose() => directory.Dispose();
}
