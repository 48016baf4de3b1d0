using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// One recording's time-series rows in a read window (wall clock, [from, to)): each row kept by the rule the analyses
/// count it by, so what is kept does not depend on what the reader could skip. What a socket's packets say of it (its
/// busiest interface) is taken from the packets in the window.
/// </summary>
internal sealed class WindowSeries
{
    private readonly Lazy<Dictionary<long, int>> busiestInterfaces;

    public IReadOnlyList<PacketFlowRecord> PacketFlows { get; }
    public IReadOnlyList<LossRecord> Losses { get; }
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents { get; }
    public IReadOnlyList<RecorderStatsRecord> FlowLossWindows { get; }
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo { get; }
    /// <inheritdoc cref="RecordingSeries.KeepsTcpIncidents"/>
    public bool KeepsTcpIncidents { get; }

    public WindowSeries(IRecordingSource source, long wallOffsetNs, AnalysisWindow window)
    {
        var (fromNs, toNs) = window.ReadRangeIn(wallOffsetNs);
        var series = source.ReadSeries(fromNs, toNs);
        PacketFlows = series.PacketFlows.Where(f => window.Contains(f.WindowStartNs + wallOffsetNs)).ToList();
        Losses = series.Losses.Where(l => window.OverlapsLossWindow(l.WindowStartNs + wallOffsetNs)).ToList();
        TcpIncidents = series.TcpIncidents.Where(i => window.Contains(i.TimestampNs + wallOffsetNs)).ToList();
        FlowLossWindows = series.FlowLossWindows.Where(s => window.Overlaps(s.WindowStartNs + wallOffsetNs, s.WindowEndNs + wallOffsetNs)).ToList();
        SummarizedIo = series.SummarizedIo.Where(s => window.Contains(s.WindowStartNs + wallOffsetNs)).ToList();
        KeepsTcpIncidents = series.KeepsTcpIncidents;
        busiestInterfaces = new Lazy<Dictionary<long, int>>(BusiestInterfaces);
    }

    /// <summary>The interface that carried most of a socket's packets in the window; null when none were counted.</summary>
    public int? BusiestInterface(long socketId) => busiestInterfaces.Value.TryGetValue(socketId, out int ifindex) ? ifindex : null;

    private Dictionary<long, int> BusiestInterfaces() =>
        PacketFlows.Where(f => f.SocketId != 0).GroupBy(f => f.SocketId).ToDictionary(
            flows => flows.Key,
            flows => flows.GroupBy(f => f.Ifindex).OrderByDescending(i => i.Sum(f => (double)f.Bytes)).ThenBy(i => i.Key).First().Key);
}
