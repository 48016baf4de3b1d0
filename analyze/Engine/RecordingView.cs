using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// One opened recording with its metadata indexed for analysis. Its own ids (process, socket) mean
/// nothing in another recording; times leave it as wall-clock nanoseconds since the Unix epoch, so
/// recordings from different boots line up.
/// </summary>
public sealed class RecordingView
{
    private readonly Dictionary<long, ProcessRecord> processes;
    private readonly Dictionary<long, SocketRecord> sockets;
    private readonly SocketInterfaces interfaces = new();
    private readonly Lazy<SocketInterfaces> socketInterfaces;
    private readonly Dictionary<long, ProcessRecord> treeRoots = [];
    private readonly ProcessLineage lineage = new();

    public IRecordingSource Source { get; }
    public RecordingInfo Info => Source.Info;
    /// <summary>Add to a recording timestamp to get wall-clock nanoseconds.</summary>
    public long WallOffsetNs => Source.Info.MonotonicToWallNs;
    public long StartWallNs { get; }
    /// <summary>The stop time, or the last event of a recording that was not stopped cleanly.</summary>
    public long EndWallNs { get; }
    public IReadOnlyList<PacketFlowRecord> PacketFlows { get; }
    public IReadOnlyList<LossRecord> Losses { get; }
    /// <summary>Timestamped retransmits and resets in time order; none in recordings made before they were kept.</summary>
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents { get; }
    /// <summary>The recorder's flush windows in which the kernel's flow map was full.</summary>
    public IReadOnlyList<RecorderStatsRecord> FlowLossWindows { get; }
    /// <summary>Calls the kernel summed for want of ring space, by window start; none in recordings before format version 2.</summary>
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo { get; }

    public RecordingView(IRecordingSource source)
    {
        Source = source;
        var info = source.Info;
        StartWallNs = info.StartedNs + info.MonotonicToWallNs;
        long endNs = info.StoppedNs ?? Math.Max(info.StartedNs, source.ReadLastEventNs() ?? info.StartedNs);
        EndWallNs = endNs + info.MonotonicToWallNs;
        processes = source.ReadProcesses().ToDictionary(p => p.ProcessId);
        foreach (var process in processes.Values)
            lineage.Add(process);
        sockets = source.ReadSockets().ToDictionary(s => s.SocketId);
        Losses = source.ReadLosses();
        TcpIncidents = source.ReadTcpIncidents();
        FlowLossWindows = source.ReadFlowLossWindows();
        SummarizedIo = source.ReadSummarizedIo();
        PacketFlows = source.ReadPacketFlows();
        foreach (var networkInterface in source.ReadInterfaces())
            interfaces.AddName(networkInterface);
        socketInterfaces = new Lazy<SocketInterfaces>(() =>
        {
            foreach (var flow in PacketFlows)
                interfaces.Add(flow);
            return interfaces;
        });
    }

    public ProcessRecord? Process(long processId) => processes.GetValueOrDefault(processId);
    public SocketRecord? Socket(long socketId) => sockets.GetValueOrDefault(socketId);
    public IEnumerable<SocketRecord> Sockets => sockets.Values;

    public string InterfaceName(int ifindex) => interfaces.Name(ifindex);

    /// <summary>The interface that carried most of a socket's packets; null when none were counted.</summary>
    public string? SocketInterface(long socketId) => socketInterfaces.Value.Of(socketId);

    /// <summary>The top of a process's recorded lineage (see <see cref="ProcessLineage.TreeRoot"/>).</summary>
    public ProcessRecord TreeRoot(ProcessRecord process)
    {
        lock (treeRoots)
        {
            if (!treeRoots.TryGetValue(process.ProcessId, out var root))
                treeRoots[process.ProcessId] = root = lineage.TreeRoot(process);
            return root;
        }
    }
}
