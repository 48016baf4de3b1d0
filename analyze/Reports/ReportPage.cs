namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// Everything the HTML report shows, each part the answer of the analysis command that owns it (so the page and
/// `--format json` of that command agree): the report's table, the timeline of its busiest groups, the protocol mix,
/// the busiest windows of all traffic with their talkers (`pnm peaks --window I --step I` at the report's interval I),
/// and the first connections.
/// </summary>
public sealed record ReportPage(AnalysisReport Report, IReadOnlyList<string> KeyColumns, AnalysisReport Timeline, AnalysisReport Protocols,
    AnalysisReport Peaks, AnalysisReport Connections, int ConnectionsShown)
{
    public const int DefaultConnectionsShown = 1000;

    /// <param name="shaping">--sort, --top and --columns, applied to the report's table as for any other format.</param>
    /// <param name="timelineGroups">How many of the busiest groups the timeline draws.</param>
    public static ReportPage Build(RecordingSet recordings, ReportOptions options, ResultShaping shaping, int timelineGroups = Reports.Timeline.DefaultGroups,
        int connectionsShown = DefaultConnectionsShown)
    {
        var groupBy = options.GroupBy ?? TrafficReport.DefaultGroupBy;
        // One scan serves the report, its timeline and the peaks (at the report's interval): the page costs less than
        // running each command.
        var scan = TrafficReport.Scan(recordings, options with { GroupBy = groupBy });
        var report = TrafficReport.From(recordings, scan);
        var everything = options with { GroupBy = [], Interval = null };
        return new ReportPage(
            report with { Table = shaping.Apply(report.Table) },
            scan.KeyColumns,
            Reports.Timeline.From(recordings, scan, timelineGroups),
            Reports.Protocols.Build(recordings, everything),
            Reports.Peaks.OfAllTraffic(recordings, options.Filter, scan),
            Reports.Connections.Build(recordings, everything),
            connectionsShown);
    }
}
