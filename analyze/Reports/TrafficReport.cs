namespace ProcNetMon2.Analyze.Reports;

/// <summary>`pnm report`: per group totals, wire bytes, average and peak rates, rate percentiles, sockets, retransmits.</summary>
public static class TrafficReport
{
    public static readonly IReadOnlyList<GroupField> DefaultGroupBy = [GroupField.Pid];
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    public static AnalysisReport Build(RecordingSet recordings, ReportOptions options) => From(recordings, Scan(recordings, options));

    /// <summary>The scan the report reads: its grouping (default by process), filter, window and interval (default 1 s).</summary>
    public static ScanResult Scan(RecordingSet recordings, ReportOptions options) => TrafficScan.Run(recordings, Request(recordings, options));

    /// <summary>What <see cref="Scan"/> asks of the scan, to share a pass with other answers.</summary>
    public static ScanRequest Request(RecordingSet recordings, ReportOptions options) =>
        new(GroupKey.By(GroupFields.SeparatingHosts(options.GroupBy ?? DefaultGroupBy, recordings)), options.Filter,
            options.WindowOf(recordings), ReportOptions.Nanoseconds(options.Interval ?? DefaultInterval));

    /// <summary>The report of a scan made by <see cref="Scan"/>.</summary>
    public static AnalysisReport From(RecordingSet recordings, ScanResult scan)
    {
        var columns = scan.KeyColumns.Select(KeyColumn).Concat(
        [
            new ResultColumn("tx_bytes", ColumnKind.Bytes), new ResultColumn("rx_bytes", ColumnKind.Bytes),
            new ResultColumn("total_bytes", ColumnKind.Bytes),
            new ResultColumn("wire_tx_bytes", ColumnKind.Bytes), new ResultColumn("wire_rx_bytes", ColumnKind.Bytes),
            new ResultColumn("avg_tx_rate", ColumnKind.Rate), new ResultColumn("avg_rx_rate", ColumnKind.Rate),
            new ResultColumn("peak_tx_rate", ColumnKind.Rate), new ResultColumn("peak_rx_rate", ColumnKind.Rate),
            new ResultColumn("p50_rate", ColumnKind.Rate), new ResultColumn("p95_rate", ColumnKind.Rate), new ResultColumn("p99_rate", ColumnKind.Rate),
            new ResultColumn("sockets", ColumnKind.Integer), new ResultColumn("retransmits", ColumnKind.Integer),
        ]).ToList();
        double seconds = scan.Window.Seconds;
        var groups = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0)
            .OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance)
            .ToList();
        var rates = RatesOf(groups, scan);
        var rows = new List<object?[]>(groups.Count);
        for (int i = 0; i < groups.Count; i++)
        {
            var (g, r) = (groups[i], rates[i]);
            rows.Add(g.Key.Concat(
            [
                g.TxBytes, g.RxBytes, g.TotalBytes,
                g.HasWire ? g.WireTxBytes : null, g.HasWire ? g.WireRxBytes : null,
                Rate(g.TxBytes, seconds), Rate(g.RxBytes, seconds), r.PeakTx, r.PeakRx,
                r.P50, r.P95, r.P99,
                (long)g.Sockets.Count, g.Retransmits,
            ]).ToArray());
        }
        return new AnalysisReport(AnalysisSummary.Of("report", recordings, scan), new ResultTable(columns, rows));
    }

    /// <summary>
    /// Each group's rate statistics and percentiles, worked out on every core: after the scan, the percentiles of thousands
    /// of intervals per group were the longest part of a report, on one thread while the others were idle. Only the
    /// figures are kept, not each group's intervals.
    /// </summary>
    private static (double PeakTx, double PeakRx, double P50, double P95, double P99)[] RatesOf(List<GroupTraffic> groups, ScanResult scan)
    {
        var rates = new (double, double, double, double, double)[groups.Count];
        Parallel.For(0, groups.Count, i =>
        {
            var statistics = new RateStatistics(groups[i], scan);
            rates[i] = (statistics.PeakTxRate, statistics.PeakRxRate, statistics.Percentile(50), statistics.Percentile(95), statistics.Percentile(99));
        });
        return rates;
    }

    internal static ResultColumn KeyColumn(string name) =>
        new(name, GroupFields.IsNumeric(name) ? ColumnKind.Integer : ColumnKind.Text);

    internal static double Rate(long bytes, double seconds) => seconds > 0 ? bytes / seconds : 0;
}
