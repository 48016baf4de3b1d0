using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>A timeline's series (what the HTML pages draw) against answers worked out by hand, and `pnm timeline`'s rows made of them.</summary>
public sealed class TimelineSeriesTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private (TimelineSeries Series, AnalysisReport Table) Timeline(TestRecording recording, ReportOptions options, int groups)
    {
        TimelineSeries? series = null;
        var table = Analysis.Run(directory, (set, o) =>
        {
            var scan = TrafficScan.Run(set, ProcNetMon2.Analyze.Reports.Timeline.Request(set, o));
            series = ProcNetMon2.Analyze.Reports.Timeline.SeriesOf(scan, groups);
            return ProcNetMon2.Analyze.Reports.Timeline.From(set, scan, groups);
        }, options, recording);
        return (series!, table);
    }

    [Fact]
    public void Each_busiest_group_has_its_bytes_in_every_interval_silent_ones_included()
    {
        var (series, _) = Timeline(new TestRecording().StoppedAt(3).Process(1, 100, "small").Process(2, 200, "big")
                .Tx(0.2, 2, socketId: 2, bytes: 10).Tx(0.7, 2, socketId: 2, bytes: 5).Rx(2.5, 2, socketId: 2, bytes: 40).Tx(1.5, 1, socketId: 1, bytes: 1),
            new ReportOptions { GroupBy = [GroupField.Comm], Interval = TimeSpan.FromSeconds(1) }, groups: 1);

        var group = Assert.Single(series.Groups);
        Assert.Equal(["big"], group.Key);
        Assert.Equal([15L, 0L, 0L], group.Tx);
        Assert.Equal([0L, 0L, 40L], group.Rx);
        Assert.Equal(3, series.Intervals);
        Assert.Equal(2, series.BusyGroups);
        Assert.Equal(TestRecording.StartedWallClock.AddSeconds(2), Rendering.ReportTimeOf(series.IntervalStartWallNs(2)));
    }

    [Fact]
    public void The_timeline_rows_are_the_series_interval_by_interval()
    {
        var (series, table) = Timeline(new TestRecording().StoppedAt(1).Process(1, 100, "a").Process(2, 200, "b")
                .Tx(0.3, 1, socketId: 1, bytes: 100).Rx(0.6, 2, socketId: 2, bytes: 30).Tx(0.8, 2, socketId: 2, bytes: 20),
            new ReportOptions { GroupBy = [GroupField.Comm], Interval = TimeSpan.FromMilliseconds(250) }, groups: 10);

        Assert.Equal(4 * 2, table.Table.Rows.Count);
        var byInterval = Enumerable.Range(0, 4).SelectMany(i => series.Groups.Select(g => (g, i))).ToList();
        Assert.Equal(byInterval.Select(p => (object?)series.IntervalStartWallNs(p.i)), table.Column("time"));
        Assert.Equal(byInterval.Select(p => (object?)p.g.Key[0]), table.Column("comm"));
        Assert.Equal(byInterval.Select(p => (object?)p.g.Tx[p.i]), table.Column("tx_bytes"));
        Assert.Equal(byInterval.Select(p => (object?)series.Rate(p.g.Rx[p.i])), table.Column("rx_rate"));
        Assert.Equal([0.0, 400.0, 0.0, 0.0], series.Groups.Single(g => Equals(g.Key[0], "a")).Tx.Select(series.Rate));
    }

    [Fact]
    public void A_window_without_traffic_has_no_series()
    {
        var (series, table) = Timeline(new TestRecording().StoppedAt(2).Process(1, 100, "a"), new ReportOptions(), groups: 10);

        Assert.Empty(series.Groups);
        Assert.Equal(0, series.BusyGroups);
        Assert.Equal(2, series.Intervals);
        Assert.Empty(table.Table.Rows);
    }

    public void Dispose() => directory.Dispose();
}
