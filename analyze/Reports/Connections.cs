using System.Globalization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// `pnm connections`: one row per socket alive in the window: when it started and for how long, its
/// owner, endpoints, protocols, bytes each way, retransmits and how it closed (tcplife, offline).
/// </summary>
public static class Connections
{
    public static AnalysisReport Build(RecordingSet recordings, ReportOptions options) =>
        From(recordings, options.Filter, TrafficScan.Run(recordings, Request(recordings, options)));

    /// <summary>The scan the connections read: each socket's totals in the window (no series: per socket, an hour at 1 s cost 4.6x the memory).</summary>
    public static ScanRequest Request(RecordingSet recordings, ReportOptions options) =>
        ScanRequest.TotalsOf(GroupKey.PerSocket, options.Filter, options.WindowOf(recordings));

    /// <summary>The connections of a scan made as <see cref="Request"/> asks, with the filter it was made with.</summary>
    public static AnalysisReport From(RecordingSet recordings, TrafficFilter filter, ScanResult scan)
    {
        var window = scan.Window;
        var traffic = new Dictionary<(long Recording, long Socket), GroupTraffic>(scan.Groups.Count);
        foreach (var group in scan.Groups)
            traffic.Add(((long)group.Key[0]!, (long)group.Key[1]!), group);
        var columns = new List<ResultColumn>
        {
            new("start", ColumnKind.Time), new("duration", ColumnKind.Seconds), new("pid", ColumnKind.Integer), new("comm", ColumnKind.Text),
            new("role", ColumnKind.Text), new("proto", ColumnKind.Text), new("local", ColumnKind.Text), new("remote", ColumnKind.Text),
            new("app", ColumnKind.Text), new("app_method", ColumnKind.Text), new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes),
            new("wire_tx_bytes", ColumnKind.Bytes), new("wire_rx_bytes", ColumnKind.Bytes), new("retransmits", ColumnKind.Integer),
            new("close", ColumnKind.Text), new("state", ColumnKind.Text),
        };
        // Recordings of several hosts: which host each connection was on.
        bool hosts = recordings.Hosts.Count > 1;
        if (hosts)
            columns.Insert(0, new("host", ColumnKind.Text));
        // Each socket's place in the table is found first; its row is made only when read.
        var places = new List<(long Start, string? Local)>();
        var sockets = new List<(int Recording, SocketRecord Socket, GroupTraffic? Io, long End)>();
        var perRecording = new List<(Dictionary<long, List<string>> Remotes, WindowRetransmits Retransmits)>();
        for (int index = 0; index < recordings.Recordings.Count; index++)
        {
            var recording = recordings.Recordings[index];
            perRecording.Add((PacketRemotes(recording), new WindowRetransmits(recording, window)));
            foreach (var socket in recording.Sockets)
            {
                var io = traffic.GetValueOrDefault((index, socket.SocketId));
                long start = (socket.ConnectNs ?? socket.FirstSeenNs) + recording.WallOffsetNs;
                long end = (socket.CloseNs ?? socket.LastSeenNs) + recording.WallOffsetNs;
                bool alive = end >= window.ReadFromWallNs && start < window.ReadToWallNs;
                if (io is null && !(alive && filter.Matches(recording.Process(socket.ProcessId), socket, recording.SocketInterface(socket.SocketId))))
                    continue;
                places.Add((start, Endpoint(socket.LocalAddr, socket.LocalPort)));
                sockets.Add((index, socket, io, end));
            }
        }
        var order = ByStart(places);
        object?[] RowOf(int place)
        {
            var (index, socket, io, end) = sockets[order[place]];
            var (start, local) = places[order[place]];
            var recording = recordings.Recordings[index];
            var (remotes, retransmits) = perRecording[index];
            var owner = recording.Process(socket.ProcessId);
            object?[] row = [
                start, Math.Max(0, end - start) / 1e9, (long?)owner?.Pid, owner?.Comm, socket.Role, IpProtocol.Name(socket.Protocol),
                local, RemoteOf(socket, remotes.GetValueOrDefault(socket.SocketId)),
                socket.App, socket.AppMethod, io?.TxBytes ?? 0, io?.RxBytes ?? 0,
                io is { HasWire: true } ? io.WireTxBytes : null, io is { HasWire: true } ? io.WireRxBytes : null,
                retransmits.Of(socket), socket.CloseReason, socket.State,
            ];
            return hosts ? [recording.Info.Host, .. row] : row;
        }
        return new AnalysisReport(AnalysisSummary.Of("connections", recordings, scan), new ResultTable(columns, new LazyRows(order.Length, RowOf)));
    }

    /// <summary>Each socket's distinct packet peers, in the order first seen.</summary>
    private static Dictionary<long, List<string>> PacketRemotes(RecordingView recording)
    {
        var remotes = new Dictionary<long, List<string>>();
        var seen = new HashSet<(long SocketId, string Remote)>();
        foreach (var flow in recording.PacketFlows)
        {
            if (flow.SocketId == 0)
                continue;
            string remote = Endpoint(flow.RemoteAddr, flow.RemotePort);
            if (!seen.Add((flow.SocketId, remote)))
                continue;
            if (!remotes.TryGetValue(flow.SocketId, out var list))
                remotes.Add(flow.SocketId, list = []);
            list.Add(remote);
        }
        return remotes;
    }

    /// <summary>
    /// The order of connections by start, then local endpoint (ordinal), ties in the order given: a stable sort without
    /// LINQ's generic instantiations over value tuples, which are compiled at run time for this one call.
    /// </summary>
    internal static int[] ByStart(List<(long Start, string? Local)> places) =>
        StableOrder.Of(places.Count, (a, b) => places[a].Start.CompareTo(places[b].Start) is var byStart and not 0
            ? byStart : string.CompareOrdinal(places[a].Local, places[b].Local));

    /// <summary>An unconnected UDP socket's peers come from its packets: the one peer, or how many there were.</summary>
    private static string? RemoteOf(SocketRecord socket, List<string>? packetRemotes) => SocketEndpoints.Remote(socket) is not null
        ? Endpoint(socket.RemoteAddr, socket.RemotePort)
        : packetRemotes switch
        {
            null or [] => null,
            [var only] => only,
            var many => string.Create(CultureInfo.InvariantCulture, $"{many.Count} remotes"),
        };

    internal static string Endpoint(string address, int port) =>
        address.Contains(':') ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";
}
