using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// One opened recording with its metadata indexed for analysis. Its own ids (process, socket) mean
/// nothing in another recording; times leave it as wall-clock nanoseconds since the Unix epoch, so
/// recordings from different boots line up. Processes and sockets are the whole recording's; the time
/// series (packet counts, losses, incidents, summarized calls) are those of the selected window
/// (<see cref="SelectWindow"/>; the whole recording until one is selected), read when first used.
/// </summary>
public sealed class RecordingView
{
    private readonly Dictionary<long, ProcessRecord> processes;
    private readonly Dictionary<long, SocketRecord> sockets;
    private readonly IReadOnlyList<InterfaceRecord> interfaces;
    private readonly SocketInterfaces interfaceNames = new();
    private AnalysisWindow seriesWindow = AnalysisWindow.Everything;
    private Lazy<WindowSeries> series;
    private readonly Dictionary<long, ProcessRecord> treeRoots = [];
    private readonly ProcessLineage lineage = new();

    public IRecordingSource Source { get; }
    public RecordingInfo Info => Source.Info;
    /// <summary>Add to a recording timestamp to get wall-clock nanoseconds.</summary>
    public long WallOffsetNs => Source.Info.MonotonicToWallNs;
    public long StartWallNs { get; }
    /// <summary>The stop time, or the last event of a recording that was not stopped cleanly.</summary>
    public long EndWallNs { get; }
    /// <summary>Packet counts whose window starts in the selected window.</summary>
    public IReadOnlyList<PacketFlowRecord> PacketFlows => series.Value.PacketFlows;
    /// <summary>Loss records whose second reaches into the selected window.</summary>
    public IReadOnlyList<LossRecord> Losses => series.Value.Losses;
    /// <summary>Timestamped retransmits and resets in the selected window, in time order; none in recordings made before they were kept.</summary>
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents => series.Value.TcpIncidents;
    /// <summary>Whether the recording keeps timestamped incidents (in the selected window or not); else sockets' whole-life counts are all it has.</summary>
    public bool KeepsTcpIncidents => series.Value.KeepsTcpIncidents;
    /// <summary>The recorder's flush windows in which the kernel's flow map was full, of those reaching into the selected window.</summary>
    public IReadOnlyList<RecorderStatsRecord> FlowLossWindows => series.Value.FlowLossWindows;
    /// <summary>Calls the kernel summed for want of ring space whose window starts in the selected window, by window start; none in recordings before format version 2.</summary>
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo => series.Value.SummarizedIo;

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
        interfaces = source.ReadInterfaces();
        foreach (var networkInterface in interfaces)
            interfaceNames.AddName(networkInterface);
        series = SeriesOf(seriesWindow);
    }

    /// <summary>From now on the time series are those of <paramref name="window"/>; read again only if it differs from the last.</summary>
    public void SelectWindow(AnalysisWindow window)
    {
        if (window.ReadFromWallNs == seriesWindow.ReadFromWallNs && window.ReadToWallNs == seriesWindow.ReadToWallNs)
            return;
        seriesWindow = window;
        series = SeriesOf(window);
    }

    private Lazy<WindowSeries> SeriesOf(AnalysisWindow window) => new(() => new WindowSeries(Source, WallOffsetNs, window, interfaces));

    public ProcessRecord? Process(long processId) => processes.GetValueOrDefault(processId);
    public SocketRecord? Socket(long socketId) => sockets.GetValueOrDefault(socketId);
    public IEnumerable<SocketRecord> Sockets => sockets.Values;

    public string InterfaceName(int ifindex) => interfaceNames.Name(ifindex);

    /// <summary>The interface that carried most of a socket's packets in the selected window; null when none were counted there.</summary>
    public string? SocketInterface(long socketId) => series.Value.Interfaces.Of(socketId);

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
