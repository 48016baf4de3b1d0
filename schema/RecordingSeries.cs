namespace ProcNetMon2.Schema;

/// <summary>
/// The time-series rows of a recording as a reader gave them for a time range: every loss, packet flow, flow-map loss
/// window (<see cref="IRecordingSource.ReadFlowLossWindows"/>), TCP incident and summarized call whose time reaches
/// into the range, and possibly others (a reader leaves out only what it can tell lies wholly outside the range
/// without decoding it). A row's time: a loss's second from its start (<see cref="LossRecord.WindowNs"/>), a flow's,
/// statistics window's or summarized call's start to end, an incident's timestamp.
/// </summary>
/// <param name="KeepsTcpIncidents">The recording holds timestamped incidents, in the range or not; false for one made
/// before they were kept (its sockets' whole-life counters are all it has).</param>
public sealed record RecordingSeries(
    IReadOnlyList<LossRecord> Losses,
    IReadOnlyList<PacketFlowRecord> PacketFlows,
    IReadOnlyList<RecorderStatsRecord> FlowLossWindows,
    IReadOnlyList<TcpIncidentRecord> TcpIncidents,
    IReadOnlyList<SummarizedIoRecord> SummarizedIo,
    bool KeepsTcpIncidents)
{
    /// <summary>Every time-series row of <paramref name="source"/>, whatever the range.</summary>
    public static RecordingSeries Whole(IRecordingSource source)
    {
        var incidents = source.ReadTcpIncidents();
        return new RecordingSeries(source.ReadLosses(), source.ReadPacketFlows(), source.ReadFlowLossWindows(), incidents,
            source.ReadSummarizedIo(), incidents.Count > 0);
    }
}
