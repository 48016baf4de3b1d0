namespace ProcNetMon2.Schema;

/// <summary>A recording opened for reading, whatever its storage format. Kinds of rows an older recording lacks read as empty.</summary>
public interface IRecordingSource : IDisposable
{
    string Path { get; }
    RecordingInfo Info { get; }
    /// <summary>Damage that was stepped over (a torn or corrupt block): one line each, fit for the user. Grows while events are read.</summary>
    IReadOnlyList<string> Warnings { get; }
    IReadOnlyList<ProcessRecord> ReadProcesses();
    IReadOnlyList<SocketRecord> ReadSockets();
    IReadOnlyList<LossRecord> ReadLosses();
    /// <summary>All I/O events in timestamp order, streamed.</summary>
    IEnumerable<IoEvent> ReadEvents();
    /// <summary>
    /// Events with <paramref name="fromNs"/> ≤ timestamp &lt; <paramref name="toNs"/> in timestamp order, a batch at a
    /// time; only the stored blocks or rows overlapping the range are read. A batch is valid until the next one is taken.
    /// </summary>
    IEnumerable<ReadOnlyMemory<IoEvent>> ReadEventBatches(long fromNs, long toNs);
    /// <summary>
    /// Calls <paramref name="consume"/> on several threads at once with batches of the events in [fromNs, toNs): each
    /// batch in time order, batches in no particular order, every event exactly once. Each thread gets its own state
    /// from <paramref name="createState"/>; the states are returned for merging.
    /// </summary>
    IReadOnlyList<TState> ReadEventBatchesInParallel<TState>(long fromNs, long toNs, Func<TState> createState, Action<TState, ReadOnlySpan<IoEvent>> consume);
    /// <summary>The latest event's timestamp without reading every event (where the span of a crashed recording ends); null when there are none.</summary>
    long? ReadLastEventNs();
    IReadOnlyList<RecorderStatsRecord> ReadRecorderStats();
    /// <summary>The windows in which the kernel's flow map was full (<see cref="RecorderStatsRecord.FlowUpdatesLost"/> &gt; 0), without the others.</summary>
    IReadOnlyList<RecorderStatsRecord> ReadFlowLossWindows();
    IReadOnlyList<InterfaceRecord> ReadInterfaces();
    IReadOnlyList<PacketFlowRecord> ReadPacketFlows();
    /// <summary>In timestamp order; none in recordings made before they were kept.</summary>
    IReadOnlyList<TcpIncidentRecord> ReadTcpIncidents();
    /// <summary>Ordered by window start; none in recordings before format version 2.</summary>
    IReadOnlyList<SummarizedIoRecord> ReadSummarizedIo();
    /// <summary>
    /// The time-series rows whose time reaches into [<paramref name="fromNs"/>, <paramref name="toNs"/>), each kind in
    /// the order its Read method gives; what a reader can skip undecoded outside the range is left out, so it may
    /// return more (see <see cref="RecordingSeries"/>).
    /// </summary>
    RecordingSeries ReadSeries(long fromNs, long toNs);
}
