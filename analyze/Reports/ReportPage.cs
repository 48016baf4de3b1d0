namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// Everything the HTML report shows, each part the answer of the analysis command that owns it (so the page and
/// `--format json` of that command agree): the report's table, the timeline of its busiest groups, the protocol mix,
/// the busiest windows of all traffic with their talkers (`pnm peaks --window I --step I` at the report's interval I),
/// and the first connections; and the hosts the recordings came from, known before the report's table is.
/// </summary>
public sealed record ReportPage(Task<AnalysisReport> Report, IReadOnlyList<string> KeyColumns, TimelineSeries Timeline, AnalysisReport Protocols,
    AnalysisReport Peaks, Task<AnalysisReport> Connections, int ConnectionsShown, IReadOnlyList<string> Hosts)
{
    public const int DefaultConnectionsShown = 1000;

    /// <summary>
    /// Returns before the report's table and the connections are done: the table's rate statistics (a sort of every
    /// group's intervals) are most of what is left after the pass, so they and the connections' rows are still being
    /// worked out on other threads while a renderer writes the other parts.
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
        Task<AnalysisReport>? report = null;
        AnalysisReport? protocols = null;
        Task<AnalysisReport>? connections = null;
        // One pass over the events serves every part: each part reads its own scan of it, as its command does, and is
        // made as soon as that scan is whole, while the others' are still being merged.
        var scans = TrafficScan.Run(recordings, [
            reportRequest, Reports.Protocols.Request(recordings, everything), Reports.Connections.Request(recordings, everything),
            .. talkerRequest is null ? Array.Empty<ScanRequest>() : [talkerRequest],
        ], (request, scan) =>
        {
            switch (request)
            {
                case 0:
                    report = Task.Run(() =>
                    {
                        var built = TrafficReport.From(recordings, scan);
                        return built with { Table = shaping.Apply(built.Table) };
                    });
                    break;
                case 1:
                    protocols = Reports.Protocols.From(recordings, scan);
                    break;
                case 2:
                    connections = Task.Run(() => Reports.Connections.From(recordings, options.Filter, scan));
                    break;
            }
        });
        var reportScan = scans[0]; // every part above was made before Run returned
        return new ReportPage(report!, reportScan.KeyColumns, Reports.Timeline.SeriesOf(reportScan, timelineGroups), protocols!,
            Reports.Peaks.OfAllTraffic(recordings, reportScan, talkerRequest is null ? reportScan : scans[3]), connections!,
            connectionsShown, recordings.Recordings.Select(r => r.Info.Host).ToList());
    }
}
