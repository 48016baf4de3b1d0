namespace ProcNetMon2.Schema.Segments;

/// <summary>Recording info, processes, sockets and losses gathered from metadata blocks: the latest record of an id wins.</summary>
internal sealed class RecordingMetadata
{
    private readonly Dictionary<long, ProcessRecord> processes = [];
    private readonly Dictionary<long, SocketRecord> sockets = [];
    private readonly List<LossRecord> losses = [];
    private readonly Dictionary<int, InterfaceRecord> interfaces = [];
    private readonly List<PacketFlowRecord> packetFlows = [];
    private readonly List<RecorderStatsRecord> recorderStats = [];
    private readonly List<TcpIncidentRecord> tcpIncidents = [];
    private readonly List<SummarizedIoRecord> summarizedIo = [];

    public RecordingInfo? Info { get; set; }

    public void Upsert(ProcessRecord process) => processes[process.ProcessId] = process;
    public void Upsert(SocketRecord socket) => sockets[socket.SocketId] = socket;
    public void Add(LossRecord loss) => losses.Add(loss);
    public void Upsert(InterfaceRecord networkInterface) => interfaces[networkInterface.Ifindex] = networkInterface;
    public void Add(PacketFlowRecord flow) => packetFlows.Add(flow);
    public void Add(RecorderStatsRecord stats) => recorderStats.Add(stats);
    public void Add(TcpIncidentRecord incident) => tcpIncidents.Add(incident);
    public void Add(SummarizedIoRecord summary) => summarizedIo.Add(summary);

    public void Merge(RecordingMetadata later)
    {
        Info = later.Info ?? Info;
        foreach (var process in later.processes.Values)
            Upsert(process);
        foreach (var socket in later.sockets.Values)
            Upsert(socket);
        foreach (var networkInterface in later.interfaces.Values)
            Upsert(networkInterface);
        MergeSeries(later);
    }

    /// <summary>Only the time series of <paramref name="later"/>: losses, packet flows, statistics, incidents, summarized calls.</summary>
    public void MergeSeries(RecordingMetadata later)
    {
        losses.AddRange(later.losses);
        packetFlows.AddRange(later.packetFlows);
        recorderStats.AddRange(later.recorderStats);
        tcpIncidents.AddRange(later.tcpIncidents);
        summarizedIo.AddRange(later.summarizedIo);
    }

    public bool HasTcpIncidents => tcpIncidents.Count > 0;
    public IReadOnlyList<ProcessRecord> Processes => processes.Values.OrderBy(p => p.ProcessId).ToList();
    public IReadOnlyList<SocketRecord> Sockets => sockets.Values.OrderBy(s => s.SocketId).ToList();
    public IReadOnlyList<LossRecord> Losses => losses.OrderBy(l => l.WindowStartNs).ThenBy(l => l.Cpu).ToList();
    public IReadOnlyList<RecorderStatsRecord> RecorderStats => recorderStats.OrderBy(s => s.WindowStartNs).ToList();
    public IReadOnlyList<InterfaceRecord> Interfaces => interfaces.Values.OrderBy(i => i.Ifindex).ToList();
    /// <summary>Stable: incidents with equal timestamps keep the order they were written in.</summary>
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents => tcpIncidents.OrderBy(i => i.TimestampNs).ToList();
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo => summarizedIo.OrderBy(s => s.WindowStartNs).ToList();
    public IReadOnlyList<PacketFlowRecord> PacketFlows => packetFlows.OrderBy(f => f.WindowStartNs).ThenBy(f => f.SocketId).ToList();
}
