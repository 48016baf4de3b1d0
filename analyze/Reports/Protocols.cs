using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Reports;

/// <summary>`pnm protocols`: the protocol mix (L4 and L7, with how L7 was decided) by bytes, sockets and active time.</summary>
public static class Protocols
{
    public static AnalysisReport Build(RecordingSet recordings, ReportOptions options) => From(recordings, TrafficScan.Run(recordings, Request(recordings, options)));

    /// <summary>The scan the protocol mix reads: the user's grouping (default none) by protocol, the interval (default 1 s) for the active time.</summary>
    public static ScanRequest Request(RecordingSet recordings, ReportOptions options) =>
        new(new ProtocolKey(GroupKey.By(GroupFields.SeparatingHosts(options.GroupBy ?? [], recordings))), options.Filter,
            options.WindowOf(recordings), ReportOptions.Nanoseconds(options.Interval ?? TimeSpan.FromSeconds(1))) { ActiveBinsOnly = true };

    /// <summary>The protocol mix of a scan made as <see cref="Request"/> asks.</summary>
    public static AnalysisReport From(RecordingSet recordings, ScanResult scan)
    {
        double allBytes = scan.Groups.Sum(g => (double)g.TotalBytes);
        double intervalSeconds = scan.BinNs / 1e9;
        var columns = scan.KeyColumns.Select(TrafficReport.KeyColumn).Concat(
        [
            new ResultColumn("tx_bytes", ColumnKind.Bytes), new ResultColumn("rx_bytes", ColumnKind.Bytes), new ResultColumn("total_bytes", ColumnKind.Bytes),
            new ResultColumn("share", ColumnKind.Percent), new ResultColumn("sockets", ColumnKind.Integer),
            new ResultColumn("active_seconds", ColumnKind.Seconds), new ResultColumn("first", ColumnKind.Time), new ResultColumn("last", ColumnKind.Time),
        ]).ToList();
        var rows = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0)
            .OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance)
            .Select(g => g.Key.Concat(
            [
                g.TxBytes, g.RxBytes, g.TotalBytes, allBytes > 0 ? 100 * g.TotalBytes / allBytes : 0.0, (long)g.Sockets.Count,
                g.ActiveBins * intervalSeconds, g.FirstEventWallNs, g.LastEventWallNs,
            ]).ToArray())
            .ToList();
        return new AnalysisReport(AnalysisSummary.Of("protocols", recordings, scan), new ResultTable(columns, rows));
    }

    /// <summary>The user's grouping, then the L4 protocol, the L7 label and how the label was decided.</summary>
    private sealed class ProtocolKey(GroupKey inner) : GroupKey
    {
        public override IReadOnlyList<string> Columns { get; } = [.. inner.Columns, "proto", "app", "app_method"];
        public override bool NeedsInterface => inner.NeedsInterface;
        public override bool UsesRemote => inner.UsesRemote;

        public override object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface) =>
        [
            .. inner.ValuesOf(recording, recordingIndex, process, socket, socketId, iface),
            socket is null ? null : IpProtocol.Name(socket.Protocol), socket?.App, socket?.AppMethod,
        ];
    }
}
