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
    public static AnalysisReport From(RecordingSet recordings, ScanResult scan, int groups = DefaultGroups)
    {
        var series = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0)
            .OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance).Take(groups).ToList();
        if (scan.BinCount * Math.Max(1, series.Count) > MaxRows)
            throw new UsageException(
                $"the timeline would have {scan.BinCount * series.Count:N0} rows: choose a longer --interval or a shorter window (--since/--until)");
        var columns = new List<ResultColumn> { new("time", ColumnKind.Time) };
        columns.AddRange(scan.KeyColumns.Select(TrafficReport.KeyColumn));
        columns.AddRange([new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes), new("tx_rate", ColumnKind.Rate), new("rx_rate", ColumnKind.Rate)]);

        double intervalSeconds = scan.BinNs / 1e9;
        var bins = series.Select(g => g.Bins.NonEmpty().ToDictionary(b => b.Bin, b => (b.Tx, b.Rx))).ToList();
        var rows = new List<object?[]>();
        for (long bin = 0; bin < scan.BinCount; bin++)
        {
            for (int g = 0; g < series.Count; g++)
            {
                var (tx, rx) = bins[g].GetValueOrDefault(bin);
                rows.Add([scan.BinStartWallNs(bin), .. series[g].Key, tx, rx, tx / intervalSeconds, rx / intervalSeconds]);
            }
        }
        var notes = new List<string>();
        int busyGroups = scan.Groups.Count(g => g.TxEvents + g.RxEvents > 0);
        if (busyGroups > series.Count)
            notes.Add($"showing the {series.Count} busiest of {busyGroups} groups (--top)");
        return new AnalysisReport(AnalysisSummary.Of("timeline", recordings, scan, notes), new ResultTable(columns, rows));
    }
}
