namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// Everything the HTML report shows, each part the answer of the analysis command that owns it (so the page and
/// `--format json` of that command agree): the report's table, the timeline of its busiest groups, the protocol mix,
/// the busiest windows of all traffic with their talkers (`pnm peaks --window I --step I` at the report's interval I),
/// and the first connections.
/// </summary>
public sealed record ReportPage(Task<AnalysisReport> Report, IReadOnlyList<string> KeyColumns, TimelineSeries Timeline, AnalysisReport Protocols,
    AnalysisReport Peaks, AnalysisReport Connections, int ConnectionsShown)
{
    public const int DefaultConnectionsShown = 1000;

    /// <summary>
    /// Returns once every part but the report's table is built: that table's rate statistics (a sort of every group's
    /// intervals) are most of what is left after the pass, so they are still being worked out on another thread while
    /// a renderer writes the other parts.
    /// </summary>
    /// <param name="shaping">--sort, --top and --columns, applied to the report's table as for any other format.</param>
    /// <param name="timelineGroups">How many of the busiest groups the timeline draws.</param>
    public static ReportPage Build(RecordingSet recordings, ReportOptions options, ResultShaping shaping, int timelineGroups = Reports.Timeline.DefaultGroups,
        int connectionsShown = DefaultConnectionsShown)
    {
        var groupBy = options.GroupBy ?? TrafficReport.DefaultGroupBy;
        var everything = options with { GroupBy = [], Interval = null };
        var reportRequest = TrafficReport.Request(recordings, options with { GroupBy = groupBy });
        var talkerRequest = Reports.Peaks.TalkerRequest(recordings, reportRequest);
        // One pass over the events serves every part: each part reads its own scan of it, as its command does.
        var scans = TrafficScan.Run(recordings, [
            reportRequest, Reports.Protocols.Request(recordings, everything), Reports.Connections.Request(recordings, everything),
            .. talkerRequest is null ? Array.Empty<ScanRequest>() : [talkerRequest],
        ]);
        var (scan, protocols, connections) = (scans[0], scans[1], scans[2]);
        var report = Task.Run(() =>
        {
            var built = TrafficReport.From(recordings, scan);
            return built with { Table = shaping.Apply(built.Table) };
        });
        return new ReportPage(report, scan.KeyColumns, Reports.Timeline.SeriesOf(scan, timelineGroups), Reports.Protocols.From(recordings, protocols),
            Reports.Peaks.OfAllTraffic(recordings, scan, talkerRequest is null ? scan : scans[3]), Reports.Connections.From(recordings, options.Filter, connections),
            connectionsShown);
    }
}
