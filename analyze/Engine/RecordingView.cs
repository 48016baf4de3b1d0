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
    private readonly Lazy<Dictionary<long, string>> socketInterfaces;
    private readonly Dictionary<long, ProcessRecord> treeRoots = [];
    private readonly Dictionary<int, List<ProcessRecord>> processesByPid;
    private readonly Dictionary<int, string> interfaceNames;

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
        processesByPid = processes.Values.GroupBy(p => p.Pid).ToDictionary(g => g.Key, g => g.OrderBy(p => p.FirstSeenNs).ToList());
        sockets = source.ReadSockets().ToDictionary(s => s.SocketId);
        Losses = source.ReadLosses();
        TcpIncidents = source.ReadTcpIncidents();
        FlowLossWindows = source.ReadFlowLossWindows();
        SummarizedIo = source.ReadSummarizedIo();
        PacketFlows = source.ReadPacketFlows();
        interfaceNames = source.ReadInterfaces().ToDictionary(i => i.Ifindex, i => i.Name);
        socketInterfaces = new Lazy<Dictionary<long, string>>(BusiestInterfaces);
    }

    public ProcessRecord? Process(long processId) => processes.GetValueOrDefault(processId);
    public SocketRecord? Socket(long socketId) => sockets.GetValueOrDefault(socketId);
    public IEnumerable<SocketRecord> Sockets => sockets.Values;

    public string InterfaceName(int ifindex) => interfaceNames.GetValueOrDefault(ifindex) ?? $"if{ifindex}";

    /// <summary>The interface that carried most of a socket's packets; null when none were counted.</summary>
    public string? SocketInterface(long socketId) => socketInterfaces.Value.GetValueOrDefault(socketId);

    private Dictionary<long, string> BusiestInterfaces() =>
        PacketFlows.Where(f => f.SocketId != 0).GroupBy(f => f.SocketId).ToDictionary(
            flows => flows.Key,
            flows => InterfaceName(flows.GroupBy(f => f.Ifindex).OrderByDescending(i => i.Sum(f => (double)f.Bytes)).ThenBy(i => i.Key).First().Key));

    /// <summary>
    /// The top of a process's recorded lineage: its ancestors are followed through the parent pids the
    /// recording holds (the parent row alive when the child appeared), stopping below pid 1 so that init
    /// does not swallow every tree.
    /// </summary>
    public ProcessRecord TreeRoot(ProcessRecord process)
    {
        lock (treeRoots)
        {
            if (treeRoots.TryGetValue(process.ProcessId, out var known))
                return known;
            var root = process;
            var seen = new HashSet<long> { root.ProcessId };
            while (Parent(root) is { } parent && seen.Add(parent.ProcessId))
                root = parent;
            treeRoots[process.ProcessId] = root;
            return root;
        }
    }

    private ProcessRecord? Parent(ProcessRecord child)
    {
        if (child.ParentPid is not { } parentPid || parentPid <= 1 || !processesByPid.TryGetValue(parentPid, out var candidates))
            return null;
        long bornNs = child.ForkNs ?? child.FirstSeenNs;
        // The parent's row in force when the child appeared: the latest one seen before it (an exec starts a new row).
        ProcessRecord? parent = null;
        foreach (var candidate in candidates)
            if (candidate.FirstSeenNs <= bornNs && candidate.ProcessId != child.ProcessId)
                parent = candidate;
        return parent ?? candidates.FirstOrDefault(c => c.ProcessId != child.ProcessId);
    }
}
