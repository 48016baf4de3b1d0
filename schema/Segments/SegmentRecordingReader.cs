namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Reads a segment recording (a directory of segments, or one segment file). Metadata is read
/// when opening, but for series frames (time series with their time range in the header), which are
/// decoded only when their rows are asked for, and for a time range only those that reach into it;
/// events are streamed block by block. Opening keeps of each segment only what its index says of its
/// blocks and series frames as a whole; their list is read again for the segments a read reaches into.
/// Damaged or torn blocks are skipped and described in <see cref="Warnings"/>; only an unreadable
/// recording as a whole throws.
/// </summary>
public sealed class SegmentRecordingReader : IRecordingSource, IEventColumnSource
{
    private readonly IReadOnlyList<SegmentScan> segments;
    // Info, processes, sockets, interfaces; and the time series of segments written before series frames.
    private readonly RecordingMetadata metadata;
    private readonly bool keepsTcpIncidents;
    private readonly Lazy<RecordingMetadata> wholeSeries;
    private readonly List<string> warnings;
    private readonly object warningsGate = new();

    public string Path { get; }
    public RecordingInfo Info { get; }
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (warningsGate)
                return warnings.ToList();
        }
    }

    /// <summary>Event blocks decoded so far: lets tests see that a time-range read skips blocks.</summary>
    public int BlocksDecoded => Volatile.Read(ref blocksDecoded);
    private int blocksDecoded;
    public int BlockCount => segments.Sum(s => s.Contents.EventBlocks);
    /// <summary>Series frames decoded so far: lets tests see that a time-range read skips those outside it.</summary>
    public int SeriesFramesDecoded => Volatile.Read(ref seriesFramesDecoded);
    private int seriesFramesDecoded;
    public int SeriesFrameCount => segments.Sum(s => s.Contents.SeriesFrames);
    /// <summary>Segment files with an intact header.</summary>
    public int SegmentCount => segments.Count;

    private SegmentRecordingReader(string path, RecordingInfo info, RecordingMetadata metadata, IReadOnlyList<SegmentScan> segments, List<string> warnings)
    {
        Path = path;
        Info = info;
        this.metadata = metadata;
        this.segments = segments;
        this.warnings = warnings;
        keepsTcpIncidents = metadata.HasTcpIncidents || segments.Any(s => (s.Contents.SeriesKinds & FrameFlags.TcpIncidents) != 0);
        wholeSeries = new Lazy<RecordingMetadata>(() => SeriesIn(long.MinValue, long.MaxValue));
    }

    public static bool HasMagic(ReadOnlySpan<byte> start) => SegmentHeader.HasMagic(start);

    /// <param name="path">A recording directory or a single segment file.</param>
    public static SegmentRecordingReader Open(string path)
    {
        var warnings = new List<string>();
        using var frames = new FrameReader();
        try
        {
            var segments = Directory.Exists(path) ? SegmentFormat.SegmentFiles(path) : [path];
            var scans = segments.Select(segment => SegmentFileScanner.Scan(segment, warnings.Add))
                .OfType<SegmentScan>()
                .OrderBy(scan => scan.Header.Sequence)
                .ToList();
            var metadata = new RecordingMetadata();
            foreach (var frame in scans.SelectMany(s => s.Contents.MetadataFrames))
                ReadMetadata(frames, frame, metadata, warnings.Add);
            var info = metadata.Info
                ?? throw new RecordingException($"{path} has no readable recording metadata: it was not started properly or is damaged");
            if (info.FormatVersion > FormatVersion.Segments)
                throw new RecordingException(
                    $"{path} uses recording format {info.FormatVersion}; this pnm reads up to {FormatVersion.Segments}: upgrade pnm");
            return new SegmentRecordingReader(path, info, metadata, scans, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static void ReadMetadata(FrameReader frames, FrameLocation frame, RecordingMetadata into, Action<string> warn)
    {
        try
        {
            MetadataCodec.Read(frames.Read(frame), frame.Header.Count, into);
        }
        catch (SegmentFormatException e)
        {
            warn($"{Describe(frame)}: metadata block of {frame.Header.Count} records skipped: {e.Message}; " + (frame.Header.IsSeries
                ? "some losses, packet counts, statistics, incidents or summarized calls may be missing"
                : "some process or socket details may be missing"));
        }
    }

    public IReadOnlyList<ProcessRecord> ReadProcesses() => metadata.Processes;
    public IReadOnlyList<SocketRecord> ReadSockets() => metadata.Sockets;
    public IReadOnlyList<LossRecord> ReadLosses() => wholeSeries.Value.Losses;
    public IReadOnlyList<InterfaceRecord> ReadInterfaces() => metadata.Interfaces;
    public IReadOnlyList<PacketFlowRecord> ReadPacketFlows() => wholeSeries.Value.PacketFlows;
    public IReadOnlyList<RecorderStatsRecord> ReadRecorderStats() => wholeSeries.Value.RecorderStats;
    public IReadOnlyList<RecorderStatsRecord> ReadFlowLossWindows() => FlowLossWindows(wholeSeries.Value);
    public IReadOnlyList<TcpIncidentRecord> ReadTcpIncidents() => wholeSeries.Value.TcpIncidents;
    public IReadOnlyList<SummarizedIoRecord> ReadSummarizedIo() => wholeSeries.Value.SummarizedIo;

    /// <summary>Decodes only the series frames whose time range reaches into [fromNs, toNs) (and those of older segments, read at open).</summary>
    public RecordingSeries ReadSeries(long fromNs, long toNs)
    {
        var series = fromNs == long.MinValue && toNs == long.MaxValue ? wholeSeries.Value : SeriesIn(fromNs, toNs);
        return new RecordingSeries(series.Losses, series.PacketFlows, FlowLossWindows(series), series.TcpIncidents, series.SummarizedIo, keepsTcpIncidents);
    }

    private static List<RecorderStatsRecord> FlowLossWindows(RecordingMetadata series) => series.RecorderStats.Where(s => s.FlowUpdatesLost > 0).ToList();

    private RecordingMetadata SeriesIn(long fromNs, long toNs)
    {
        var series = new RecordingMetadata();
        series.MergeSeries(metadata);
        using var frames = new FrameReader();
        var reached = segments.Where(s => s.Contents.SeriesOverlap(fromNs, toNs))
            .SelectMany(s => s.Frames).Where(f => f.Header.IsSeries && f.Header.Overlaps(fromNs, toNs));
        foreach (var frame in reached)
        {
            Interlocked.Increment(ref seriesFramesDecoded);
            ReadMetadata(frames, frame, series, WarnOnce);
        }
        return series;
    }

    public IEnumerable<IoEvent> ReadEvents() => ReadEvents(long.MinValue, long.MaxValue);

    /// <summary>Events with <paramref name="fromNs"/> ≤ timestamp &lt; <paramref name="toNs"/>, in timestamp
    /// order; blocks entirely outside the range are not read.</summary>
    public IEnumerable<IoEvent> ReadEvents(long fromNs, long toNs)
    {
        foreach (var batch in ReadEventBatches(fromNs, toNs))
            for (int i = 0; i < batch.Length; i++)
                yield return batch.Span[i];
    }

    public long? ReadLastEventNs() => segments.Max(s => s.Contents.LastEventNs);

    public IEnumerable<ReadOnlyMemory<IoEvent>> ReadEventBatches(long fromNs, long toNs)
    {
        var progress = ProgressOf(fromNs, toNs);
        using var stream = new DecodedBlockStream(PlanBlocks(fromNs, toNs), Warn, () => Interlocked.Increment(ref blocksDecoded));
        while (stream.TryTake(out var events, out int count))
        {
            // Blocks come sorted by timestamp: the range is a slice, found by binary search.
            int start = FirstAtOrAfter(events.AsSpan(0, count), fromNs), end = FirstAtOrAfter(events.AsSpan(0, count), toNs);
            progress?.Batch(events.AsSpan(start, end - start));
            if (end > start)
                yield return new ReadOnlyMemory<IoEvent>(events, start, end - start);
            stream.Return(events);
        }
        progress?.Finish();
    }

    public IReadOnlyList<TState> ReadEventBatchesInParallel<TState>(long fromNs, long toNs, Func<TState> createState,
        Action<TState, ReadOnlySpan<IoEvent>> consume)
    {
        var progress = ProgressOf(fromNs, toNs);
        var states = DecodedBlockStream.ForEachInParallel(PlanBlocks(fromNs, toNs), Warn, () => Interlocked.Increment(ref blocksDecoded), createState,
            (state, events) =>
            {
                int start = FirstAtOrAfter(events, fromNs), end = FirstAtOrAfter(events, toNs);
                progress?.Batch(events[start..end]);
                if (end > start)
                    consume(state, events[start..end]);
            });
        progress?.Finish();
        return states;
    }

    public IReadOnlyList<TState> ReadEventColumnsInParallel<TState>(long fromNs, long toNs, Func<TState> createState,
        Action<TState, EventColumns> consume)
    {
        var progress = ProgressOf(fromNs, toNs);
        var states = DecodedBlockStream.ForEachColumnsInParallel(PlanBlocks(fromNs, toNs), Warn, () => Interlocked.Increment(ref blocksDecoded), createState,
            (state, events) =>
            {
                var inRange = events.Slice(events.FirstAtOrAfter(fromNs), events.FirstAtOrAfter(toNs));
                if (inRange.Count == 0)
                    return;
                progress?.Batch(inRange.Timestamps[0], inRange.Timestamps[^1], inRange.Count);
                consume(state, inRange);
            });
        progress?.Finish();
        return states;
    }

    private EventReadProgress? ProgressOf(long fromNs, long toNs) =>
        EventReadProgress.Start(fromNs, toNs, () => (segments.Min(s => s.Contents.FirstEventNs) ?? 0, ReadLastEventNs()));

    private static int FirstAtOrAfter(ReadOnlySpan<IoEvent> events, long timestampNs)
    {
        int low = 0, high = events.Length; // events[..low] < timestampNs <= events[high..]
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (events[middle].TimestampNs < timestampNs)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>
    /// The blocks a time range needs, ordered by their first timestamp. Blocks whose time ranges
    /// overlap form one group, merged when decoded; recorders write blocks in order, so groups of
    /// more than one block are rare.
    /// </summary>
    private List<IReadOnlyList<FrameLocation>> PlanBlocks(long fromNs, long toNs)
    {
        // Positions count the selected blocks in file order, which is all the ordering below needs.
        var selected = segments.Where(s => s.Contents.EventsOverlap(fromNs, toNs))
            .SelectMany(s => s.Frames).Where(f => f.Header.Kind == FrameKind.Events && f.Header.Overlaps(fromNs, toNs))
            .Select((block, position) => (block, position))
            .OrderBy(b => b.block.Header.MinTimestampNs).ThenBy(b => b.position)
            .ToList();
        var groups = new List<IReadOnlyList<FrameLocation>>();
        for (int start = 0; start < selected.Count;)
        {
            int end = start + 1;
            long groupMax = selected[start].block.Header.MaxTimestampNs;
            while (end < selected.Count && selected[end].block.Header.MinTimestampNs < groupMax)
                groupMax = Math.Max(groupMax, selected[end++].block.Header.MaxTimestampNs);
            groups.Add(selected.GetRange(start, end - start).OrderBy(b => b.position).Select(b => b.block).ToList());
            start = end;
        }
        return groups;
    }

    private void Warn(string warning)
    {
        lock (warningsGate)
            warnings.Add(warning);
    }

    /// <summary>A damaged series frame is met again by every read of its time: it is reported once.</summary>
    private void WarnOnce(string warning)
    {
        lock (warningsGate)
            if (!warnings.Contains(warning))
                warnings.Add(warning);
    }

    private static string Describe(FrameLocation frame) => $"{System.IO.Path.GetFileName(frame.SegmentPath)} at byte {frame.Offset}";

    /// <summary>Nothing to release: files are open only while metadata or events are being read.</summary>
    public void Dispose()
    {
    }
}
