using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// One recording's time-series rows in a read window (wall clock, [from, to)): each row kept by the rule the analyses
/// count it by, so what is kept does not depend on what the reader could skip. What a socket's packets say of it (its
/// busiest interface) is taken from the packets in the window.
/// </summary>
internal sealed class WindowSeries
{
    private readonly Lazy<SocketInterfaces> interfaces;

    public IReadOnlyList<PacketFlowRecord> PacketFlows { get; }
    public IReadOnlyList<LossRecord> Losses { get; }
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents { get; }
    public IReadOnlyList<RecorderStatsRecord> FlowLossWindows { get; }
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo { get; }
    /// <inheritdoc cref="RecordingSeries.KeepsTcpIncidents"/>
    public bool KeepsTcpIncidents { get; }

    public WindowSeries(IRecordingSource source, long wallOffsetNs, AnalysisWindow window, IReadOnlyList<InterfaceRecord> interfaceNames)
    {
        var (fromNs, toNs) = window.ReadRangeIn(wallOffsetNs);
        var series = source.ReadSeries(fromNs, toNs);
        PacketFlows = series.PacketFlows.Where(f => window.Contains(f.WindowStartNs + wallOffsetNs)).ToList();
        Losses = series.Losses.Where(l => window.OverlapsLossWindow(l.WindowStartNs + wallOffsetNs)).ToList();
        TcpIncidents = series.TcpIncidents.Where(i => window.Contains(i.TimestampNs + wallOffsetNs)).ToList();
        FlowLossWindows = series.FlowLossWindows.Where(s => window.Overlaps(s.WindowStartNs + wallOffsetNs, s.WindowEndNs + wallOffsetNs)).ToList();
        SummarizedIo = series.SummarizedIo.Where(s => window.Contains(s.WindowStartNs + wallOffsetNs)).ToList();
        KeepsTcpIncidents = series.KeepsTcpIncidents;
        interfaces = new Lazy<SocketInterfaces>(() =>
        {
            var byBytes = new SocketInterfaces();
            foreach (var networkInterface in interfaceNames)
                byBytes.AddName(networkInterface);
            foreach (var flow in PacketFlows)
                byBytes.Add(flow);
            return byBytes;
        });
    }

    /// <summary>Each socket's busiest interface, by the packets in the window.</summary>
    public SocketInterfaces Interfaces => interfaces.Value;
}
