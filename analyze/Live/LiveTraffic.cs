using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Live;

/// <summary>
/// A sink that adds up what a recorder (or a replay) writes, per (process, socket) pair, and at the
/// first flush due after each interval publishes a <see cref="LiveSnapshot"/>; the last one comes with
/// <see cref="Finish"/>. Every byte lands in exactly one interval: the one whose flush brought it.
/// Used by one thread, the recorder's writer; the snapshots are what other threads read.
/// </summary>
public sealed class LiveTraffic : IRecordingSink
{
    /// <summary>The recorder flushes about once a second: an interval ends at the flush nearest to its end.</summary>
    private static readonly long FlushToleranceNs = TimeSpan.FromMilliseconds(500).Ticks * 100;
    /// <summary>
    /// How long an exited process or a closed socket is kept once idle: a live capture runs for days,
    /// and a process or socket arrives at most two flushes late.
    /// </summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromSeconds(60);

    private readonly long intervalNs;
    private readonly Func<long> clockNs;
    private readonly Action<LiveSnapshot> publish;
    private readonly Dictionary<long, ProcessRecord> processes = [];
    private readonly Dictionary<long, SocketRecord> sockets = [];
    private readonly Dictionary<(long ProcessId, long SocketId), PairCounters> pairs = [];
    private readonly ProcessLineage lineage = new();
    /// <summary>
    /// Each known process's tree root, found when it arrived and followed further up as rows arrive:
    /// an ancestor forgotten since it exited still names the tree of the processes it left.
    /// </summary>
    private readonly Dictionary<long, ProcessRecord> treeRoots = [];
    private readonly SocketInterfaces interfaces = new();
    private RecordingInfo? info;
    private long intervalStartNs, nextDueNs, lostTotal;
    private RecorderHealth health = new();

    /// <param name="clockNs">Monotonic now (the replay's position when replaying).</param>
    /// <param name="publish">Called on the writing thread with each finished interval.</param>
    public LiveTraffic(TimeSpan interval, Func<long> clockNs, Action<LiveSnapshot> publish)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        intervalNs = interval.Ticks * 100;
        this.clockNs = clockNs;
        this.publish = publish;
    }

    public int FormatVersion => Schema.FormatVersion.Segments;

    public void Begin(RecordingInfo recording)
    {
        info = recording;
        intervalStartNs = recording.StartedNs;
        nextDueNs = intervalStartNs + intervalNs;
    }

    public void UpsertProcess(ProcessRecord process)
    {
        processes[process.ProcessId] = process;
        lineage.Add(process);
        if (!treeRoots.ContainsKey(process.ProcessId))
            TreeRootOf(process);
    }

    public void UpsertSocket(SocketRecord socket) => sockets[socket.SocketId] = socket;

    public void AddEvents(ReadOnlySpan<IoEvent> events)
    {
        PairCounters? last = null;
        (long, long) lastKey = default;
        foreach (ref readonly var e in events)
        {
            // Consecutive events mostly share a pair: one lookup per run.
            var key = (e.ProcessId, e.SocketId);
            if (last is null || key != lastKey)
            {
                last = Counters(key);
                lastKey = key;
            }
            last.Add(e.Direction, e.Bytes);
        }
    }

    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries)
    {
        foreach (var summary in summaries)
            Counters((summary.ProcessId, summary.SocketId)).Add(summary.Direction, summary.Bytes);
        health = health with { CallsSummarized = health.CallsSummarized + summaries.Sum(s => s.Calls) };
    }

    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows)
    {
        foreach (var flow in flows)
        {
            interfaces.Add(flow);
            if (flow.SocketId != 0 && sockets.TryGetValue(flow.SocketId, out var socket))
                Counters((socket.ProcessId, socket.SocketId)).AddPackets(flow.Direction, flow.Packets);
        }
    }

    public void AddLoss(LossRecord loss)
    {
        lostTotal += loss.Lost;
        health = health with { LostEvents = health.LostEvents + loss.Lost, LostEventsTotal = lostTotal };
    }

    public void AddRecorderStats(RecorderStatsRecord stats) => health = health with
    {
        EventsSubmitted = health.EventsSubmitted + stats.EventsSubmitted,
        CpuSeconds = health.CpuSeconds + stats.CpuSeconds,
        RssBytes = stats.RssBytes,
        RingFillPeakBytes = Math.Max(health.RingFillPeakBytes, stats.RingFillPeakBytes),
    };

    public void UpsertInterface(InterfaceRecord networkInterface) => interfaces.AddName(networkInterface);

    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents)
    {
        foreach (var incident in incidents)
        {
            if (incident.Kind == TcpIncident.Retransmit && sockets.TryGetValue(incident.SocketId, out var socket))
                Counters((socket.ProcessId, socket.SocketId)).Retransmits++;
        }
    }

    public void Flush()
    {
        long now = clockNs();
        if (info is null || now + FlushToleranceNs < nextDueNs)
            return;
        Publish(now, final: false);
        nextDueNs += intervalNs;
        if (nextDueNs <= now)
            nextDueNs = now + intervalNs;
    }

    public void Finish(long stoppedNs)
    {
        if (info is not null)
            Publish(Math.Max(stoppedNs, intervalStartNs), final: true);
    }

    public void Dispose()
    {
    }

    private PairCounters Counters((long ProcessId, long SocketId) key)
    {
        if (!pairs.TryGetValue(key, out var counters))
            pairs[key] = counters = new PairCounters();
        return counters;
    }

    private void Publish(long endNs, bool final)
    {
        var pairTraffic = new List<PairTraffic>(pairs.Count);
        foreach (var ((processId, socketId), counters) in pairs)
        {
            var process = processes.GetValueOrDefault(processId);
            pairTraffic.Add(new PairTraffic(process, sockets.GetValueOrDefault(socketId),
                counters.Interval, counters.Total, counters.Packets, counters.Retransmits)
            {
                TreeRoot = process is null ? null : TreeRootOf(process),
                Iface = socketId == 0 ? null : interfaces.Of(socketId),
            });
            counters.EndInterval(endNs);
        }
        publish(new LiveSnapshot
        {
            Info = info!,
            StartNs = intervalStartNs,
            EndNs = endNs,
            Pairs = pairTraffic,
            Health = health,
            Final = final,
        });
        intervalStartNs = endNs;
        health = new RecorderHealth { LostEventsTotal = lostTotal, RssBytes = health.RssBytes };
        Forget(endNs - ForgetAfter.Ticks * 100);
    }

    /// <summary>
    /// Drops what ended before <paramref name="beforeNs"/>: exited processes and closed sockets, and the
    /// pairs of either once idle since then. A closed socket's bytes stay in its process's totals (as a
    /// pair without a socket) while the process runs.
    /// </summary>
    private void Forget(long beforeNs)
    {
        bool ProcessGone(long processId) => !processes.TryGetValue(processId, out var p) || p.ExitNs < beforeNs;
        bool SocketGone(long socketId) => socketId != 0 && (!sockets.TryGetValue(socketId, out var s) || s.CloseNs < beforeNs);

        var forgotten = pairs.Where(p => p.Value.LastActiveNs < beforeNs && (ProcessGone(p.Key.ProcessId) || SocketGone(p.Key.SocketId)))
            .Select(p => p.Key).ToList();
        foreach (var key in forgotten)
        {
            var counters = pairs[key];
            pairs.Remove(key);
            if (!ProcessGone(key.ProcessId))
                Counters((key.ProcessId, 0)).Total += counters.Total;
        }
        foreach (var socket in sockets.Values.Where(s => s.CloseNs < beforeNs).ToList())
        {
            sockets.Remove(socket.SocketId);
            interfaces.Forget(socket.SocketId);
        }
        foreach (var process in processes.Values.Where(p => p.ExitNs < beforeNs).ToList())
        {
            processes.Remove(process.ProcessId);
            lineage.Remove(process);
            treeRoots.Remove(process.ProcessId);
        }
    }

    /// <summary>
    /// A process's tree root as pnm report finds it, from what is known now: climbed from the root it had
    /// (its parents' rows may have arrived since, as when running processes are first seen child first),
    /// and past the topmost ancestor still known to the root that one had.
    /// </summary>
    private ProcessRecord TreeRootOf(ProcessRecord process)
    {
        var root = lineage.TreeRoot(treeRoots.GetValueOrDefault(process.ProcessId) ?? process);
        HashSet<long>? seen = null;
        while (root.ProcessId != process.ProcessId && treeRoots.TryGetValue(root.ProcessId, out var above)
               && above.ProcessId != root.ProcessId && (seen ??= [process.ProcessId]).Add(root.ProcessId))
            root = lineage.TreeRoot(above);
        treeRoots[process.ProcessId] = root;
        return root;
    }

    private sealed class PairCounters
    {
        public ByteCounts Interval, Total, Packets;
        public long Retransmits;
        /// <summary>The end of the last interval in which the pair moved payload.</summary>
        public long LastActiveNs;

        public void Add(Direction direction, long bytes) =>
            Interval = direction == Direction.Tx ? Interval with { Tx = Interval.Tx + bytes } : Interval with { Rx = Interval.Rx + bytes };

        public void AddPackets(Direction direction, long packets) =>
            Packets = direction == Direction.Tx ? Packets with { Tx = Packets.Tx + packets } : Packets with { Rx = Packets.Rx + packets };

        public void EndInterval(long endNs)
        {
            if (Interval.Both > 0)
                LastActiveNs = endNs;
            Total += Interval;
            Interval = Packets = default;
            Retransmits = 0;
        }
    }
}
