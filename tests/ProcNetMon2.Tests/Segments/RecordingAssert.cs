namespace ProcNetMon2.Tests.Segments;

internal static class RecordingAssert
{
    /// <summary>Same info, processes, sockets, losses and events; events in timestamp order.</summary>
    public static void Holds(RandomRecording expected, IRecordingSource source)
    {
        Assert.Equal(expected.FinalInfo, source.Info);
        Assert.Equal(expected.Processes, source.ReadProcesses());
        Assert.Equal(expected.Sockets, source.ReadSockets());
        Assert.Equal(expected.Losses.OrderBy(l => l.WindowStartNs).ThenBy(l => l.Lost), source.ReadLosses().OrderBy(l => l.WindowStartNs).ThenBy(l => l.Lost));
        Assert.Equal(expected.RecorderStats, source.ReadRecorderStats());
        Assert.Equal(expected.RecorderStats.Where(s => s.FlowUpdatesLost > 0), source.ReadFlowLossWindows());
        Assert.Equal(expected.Interfaces, source.ReadInterfaces());
        Assert.Equal(Canonical(expected.PacketFlows), Canonical(source.ReadPacketFlows()));
        var incidents = source.ReadTcpIncidents();
        Assert.Equal(Canonical(expected.TcpIncidents), Canonical(incidents));
        Assert.True(incidents.Zip(incidents.Skip(1)).All(p => p.First.TimestampNs <= p.Second.TimestampNs), "incidents are out of timestamp order");
        Assert.Equal(Canonical(expected.SummarizedIo), Canonical(source.ReadSummarizedIo()));
        var events = source.ReadEvents().ToList();
        AssertTimeOrdered(events);
        Assert.Equal(Canonical(expected.Events), Canonical(events));
        Assert.Empty(source.Warnings);
    }

    public static void Identical(IRecordingSource expected, IRecordingSource actual)
    {
        Assert.Equal(expected.Info, actual.Info);
        Assert.Equal(expected.ReadProcesses(), actual.ReadProcesses());
        Assert.Equal(expected.ReadSockets(), actual.ReadSockets());
        Assert.Equal(expected.ReadLosses(), actual.ReadLosses());
        Assert.Equal(Canonical(expected.ReadEvents()), Canonical(actual.ReadEvents()));
        Assert.Equal(expected.ReadRecorderStats(), actual.ReadRecorderStats());
        Assert.Equal(Canonical(expected.ReadSummarizedIo()), Canonical(actual.ReadSummarizedIo()));
        Assert.Equal(expected.ReadInterfaces(), actual.ReadInterfaces());
        Assert.Equal(Canonical(expected.ReadPacketFlows()), Canonical(actual.ReadPacketFlows()));
        Assert.Equal(expected.ReadTcpIncidents(), actual.ReadTcpIncidents());
    }

    public static void AssertTimeOrdered(IReadOnlyList<IoEvent> events)
    {
        for (int i = 1; i < events.Count; i++)
            Assert.True(events[i - 1].TimestampNs <= events[i].TimestampNs, $"event {i} is out of timestamp order");
    }

    /// <summary>Events with equal timestamps may come in any order: compare them sorted on every field.</summary>
    public static List<PacketFlowRecord> Canonical(IEnumerable<PacketFlowRecord> flows) =>
        flows.OrderBy(f => f.WindowStartNs).ThenBy(f => f.SocketId).ThenBy(f => f.Ifindex).ThenBy(f => f.Direction)
            .ThenBy(f => f.WindowEndNs).ThenBy(f => f.RemoteAddr).ThenBy(f => f.RemotePort).ThenBy(f => f.Packets).ThenBy(f => f.Bytes).ToList();

    public static List<TcpIncidentRecord> Canonical(IEnumerable<TcpIncidentRecord> incidents) =>
        incidents.OrderBy(i => i.TimestampNs).ThenBy(i => i.SocketId).ThenBy(i => i.Kind).ToList();
    public static List<SummarizedIoRecord> Canonical(IEnumerable<SummarizedIoRecord> summaries) =>
        summaries.OrderBy(s => s.WindowStartNs).ThenBy(s => s.ProcessId).ThenBy(s => s.Tid).ThenBy(s => s.SocketId).ThenBy(s => s.Direction)
            .ThenBy(s => s.WindowEndNs).ThenBy(s => s.Bytes).ThenBy(s => s.Calls).ToList();

    public static List<IoEvent> Canonical(IEnumerable<IoEvent> events) =>
        events.OrderBy(e => e.TimestampNs).ThenBy(e => e.ProcessId).ThenBy(e => e.Tid).ThenBy(e => e.SocketId)
            .ThenBy(e => e.Direction).ThenBy(e => e.Bytes).ToList();
}
