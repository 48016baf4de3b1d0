namespace ProcNetMon2.Analyze.Reports;

/// <summary>`pnm timeline`: bytes and rates per interval for the busiest groups, silent intervals included, ready to plot.</summary>
public static class Timeline
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    public const int DefaultGroups = 10;
    /// <summary>More rows than this is a mistake (a week at 100 ms), not a plot.</summary>
    public const long MaxRows = 5_000_000;

    /// <param name="groups">How many of the busiest groups get a series.</param>
    /// <exception cref="UsageException">The series would have more than <see cref="MaxRows"/> rows.</exception>
    public static AnalysisReport Build(RecordingSet recordings, ReportOptions options, int groups = DefaultGroups) =>
        From(recordings, TrafficScan.Run(recordings, Request(recordings, options)), groups);

    /// <summary>The scan the timeline reads: the grouping (default none), filter, window and interval (default 1 s).</summary>
    public static ScanRequest Request(RecordingSet recordings, ReportOptions options) =>
        new(GroupKey.By(GroupFields.SeparatingHosts(options.GroupBy ?? [], recordings)), options.Filter,
            options.WindowOf(recordings), ReportOptions.Nanoseconds(options.Interval ?? DefaultInterval));

    /// <summary>The timeline of a scan already made (its bins are the timeline's intervals).</summary>
    /// <exception cref="UsageException">The series would have more than <see cref="MaxRows"/> rows.</exception>
    public static AnalysisReport From(RecordingSet recordings, ScanResult scan, int groups = DefaultGroups) => Table(recordings, scan, SeriesOf(scan, groups));

    /// <summary>The series of the <paramref name="groups"/> busiest groups of a scan already made (its bins are the intervals).</summary>
    /// <exception cref="UsageException">The series would have more than <see cref="MaxRows"/> rows.</exception>
    public static TimelineSeries SeriesOf(ScanResult scan, int groups = DefaultGroups)
    {
        var busy = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0).ToList();
        var series = busy.OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance).Take(groups).ToList();
        if (scan.BinCount * Math.Max(1, series.Count) > MaxRows)
            throw new UsageException(
                $"the timeline would have {scan.BinCount * series.Count:N0} rows: choose a longer --interval or a shorter window (--since/--until)");
        var drawn = series.Select(group =>
        {
            var (tx, rx) = (new long[scan.BinCount], new long[scan.BinCount]);
            // Only the window's bins: an event summarized at a window's start may lie in a bin outside a cut window.
            foreach (var (bin, binTx, binRx) in group.Bins.NonEmpty())
                if (bin >= 0 && bin < scan.BinCount)
                    (tx[bin], rx[bin]) = (binTx, binRx);
            return new TimelineGroup(group.Key, tx, rx);
        }).ToList();
        return new TimelineSeries(drawn, scan.Window, scan.BinNs, scan.BinCount, busy.Count, scan.Losses);
    }

    /// <summary>The series as `pnm timeline` prints them: a row per interval and group, interval by interval.</summary>
    private static AnalysisReport Table(RecordingSet recordings, ScanResult scan, TimelineSeries series)
    {
        var columns = new List<ResultColumn> { new("time", ColumnKind.Time) };
        columns.AddRange(scan.KeyColumns.Select(TrafficReport.KeyColumn));
        columns.AddRange([new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes), new("tx_rate", ColumnKind.Rate), new("rx_rate", ColumnKind.Rate)]);
        var rows = new List<object?[]>();
        for (long bin = 0; bin < series.Intervals; bin++)
        {
            foreach (var group in series.Groups)
            {
                long tx = group.Tx[bin], rx = group.Rx[bin];
                rows.Add([series.IntervalStartWallNs(bin), .. group.Key, tx, rx, series.Rate(tx), series.Rate(rx)]);
            }
        }
        var notes = new List<string>();
        if (series.BusyGroups > series.Groups.Count)
            notes.Add($"showing the {series.Groups.Count} busiest of {series.BusyGroups} groups (--top)");
        return new AnalysisReport(AnalysisSummary.Of("timeline", recordings, scan, notes), new ResultTable(columns, rows));
    }
}
