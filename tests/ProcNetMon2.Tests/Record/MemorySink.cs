namespace ProcNetMon2.Tests.Record;

/// <summary>A sink that keeps in memory everything it is given: what the recorder's assembly writes, without a file.</summary>
internal sealed class MemorySink : IRecordingSink
{
    /// <summary>Every socket row in the order written, repeats included.</summary>
    public List<SocketRecord> SocketUpserts { get; } = [];
    /// <summary>The latest row of every process.</summary>
    public Dictionary<long, ProcessRecord> Processes { get; } = [];
    /// <summary>The latest row of every socket.</summary>
    public Dictionary<long, SocketRecord> Sockets { get; } = [];
    public List<IoEvent> Events { get; } = [];
    public List<LossRecord> Losses { get; } = [];
    public List<RecorderStatsRecord> RecorderStats { get; } = [];
    public List<InterfaceRecord> Interfaces { get; } = [];
    public List<PacketFlowRecord> PacketFlows { get; } = [];
    public List<TcpIncidentRecord> TcpIncidents { get; } = [];
    public List<SummarizedIoRecord> SummarizedIo { get; } = [];

    public int FormatVersion => ProcNetMon2.Schema.FormatVersion.Segments;
    public void Begin(RecordingInfo info) { }
    public void UpsertProcess(ProcessRecord process) => Processes[process.ProcessId] = process;

    public void UpsertSocket(SocketRecord socket)
    {
        SocketUpserts.Add(socket);
        Sockets[socket.SocketId] = socket;
    }

    public void AddEvents(ReadOnlySpan<IoEvent> events) => Events.AddRange(events);
    public void AddLoss(LossRecord loss) => Losses.Add(loss);
    public void AddRecorderStats(RecorderStatsRecord stats) => RecorderStats.Add(stats);
    public void UpsertInterface(InterfaceRecord networkInterface) => Interfaces.Add(networkInterface);
    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows) => PacketFlows.AddRange(flows);
    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents) => TcpIncidents.AddRange(incidents);
    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries) => SummarizedIo.AddRange(summaries);
    public void Flush() { }
    public void Finish(long stoppedNs) { }
    public void Dispose() { }
}
