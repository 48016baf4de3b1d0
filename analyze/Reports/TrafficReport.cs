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
        var rows = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0)
            .OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance)
            .Select(g =>
            {
                var rates = new RateStatistics(g, scan);
                return g.Key.Concat(
                [
                    g.TxBytes, g.RxBytes, g.TotalBytes,
                    g.HasWire ? g.WireTxBytes : null, g.HasWire ? g.WireRxBytes : null,
                    Rate(g.TxBytes, seconds), Rate(g.RxBytes, seconds), rates.PeakTxRate, rates.PeakRxRate,
                    rates.Percentile(50), rates.Percentile(95), rates.Percentile(99),
                    (long)g.Sockets.Count, g.Retransmits,
                ]).ToArray();
            })
            .ToList();
        return new AnalysisReport(AnalysisSummary.Of("report", recordings, scan), new ResultTable(columns, rows));
    }

    internal static ResultColumn KeyColumn(string name) =>
        new(name, GroupFields.IsNumeric(name) ? ColumnKind.Integer : ColumnKind.Text);

    internal static double Rate(long bytes, double seconds) => seconds > 0 ? bytes / seconds : 0;
}
