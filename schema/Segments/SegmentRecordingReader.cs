namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Reads a segment recording (a directory of segments, or one segment file). Metadata is read
/// whole when opening; events are streamed block by block. Damaged or torn blocks are skipped and
/// described in <see cref="Warnings"/>; only an unreadable recording as a whole throws.
/// </summary>
public sealed class SegmentRecordingReader : IRecordingSource
{
    private readonly List<FrameLocation> eventBlocks;
    private readonly RecordingMetadata metadata;
    private readonly FrameReader frames;
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
    public int BlocksDecoded { get; private set; }
    public int BlockCount => eventBlocks.Count;
    /// <summary>Segment files with an intact header.</summary>
    public int SegmentCount { get; }

    private SegmentRecordingReader(string path, RecordingInfo info, RecordingMetadata metadata, List<FrameLocation> eventBlocks,
        int segmentCount, FrameReader frames, List<string> warnings)
    {
        SegmentCount = segmentCount;
        Path = path;
        Info = info;
        this.metadata = metadata;
        this.eventBlocks = eventBlocks;
        this.frames = frames;
        this.warnings = warnings;
    }

    public static bool HasMagic(ReadOnlySpan<byte> start) => SegmentHeader.HasMagic(start);

    /// <param name="path">A recording directory or a single segment file.</param>
    public static SegmentRecordingReader Open(string path)
    {
        var warnings = new List<string>();
        var frames = new FrameReader();
        try
        {
            var segments = Directory.Exists(path) ? SegmentFormat.SegmentFiles(path) : [path];
            var scans = segments.Select(segment => SegmentFileScanner.Scan(segment, warnings.Add))
                .OfType<SegmentScan>()
                .OrderBy(scan => scan.Header.Sequence)
                .ToList();
            var metadata = new RecordingMetadata();
            foreach (var frame in scans.SelectMany(s => s.Frames).Where(f => f.Header.Kind == FrameKind.Metadata))
                ReadMetadata(frames, frame, metadata, warnings);
            var info = metadata.Info
                ?? throw new RecordingException($"{path} has no readable recording metadata: it was not started properly or is damaged");
            if (info.FormatVersion > FormatVersion.Segments)
                throw new RecordingException(
                    $"{path} uses recording format {info.FormatVersion}; this pnm reads up to {FormatVersion.Segments}: upgrade pnm");
            var blocks = scans.SelectMany(s => s.Frames).Where(f => f.Header.Kind == FrameKind.Events).ToList();
            return new SegmentRecordingReader(path, info, metadata, blocks, scans.Count, frames, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            frames.Dispose();
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
        catch
        {
            frames.Dispose();
            throw;
        }
    }

    private static void ReadMetadata(FrameReader frames, FrameLocation frame, RecordingMetadata into, List<string> warnings)
    {
        try
        {
            MetadataCodec.Read(frames.Read(frame), frame.Header.Count, into);
        }
        catch (SegmentFormatException e)
        {
            warnings.Add($"{Describe(frame)}: metadata block of {frame.Header.Count} records skipped: {e.Message}; " +
                         "some process or socket details may be missing");
        }
    }

    public IReadOnlyList<ProcessRecord> ReadProcesses() => metadata.Processes;
    public IReadOnlyList<SocketRecord> ReadSockets() => metadata.Sockets;
    public IReadOnlyList<LossRecord> ReadLosses() => metadata.Losses;

    public IEnumerable<IoEvent> ReadEvents() => ReadEvents(long.MinValue, long.MaxValue);

    /// <summary>Events with <paramref name="fromNs"/> ≤ timestamp &lt; <paramref name="toNs"/>, in timestamp
    /// order; blocks entirely outside the range are not read.</summary>
    public IEnumerable<IoEvent> ReadEvents(long fromNs, long toNs)
    {
        var selected = eventBlocks.Select((block, position) => (block, position))
            .Where(b => b.block.Header.MaxTimestampNs >= fromNs && b.block.Header.MinTimestampNs < toNs)
            .OrderBy(b => b.block.Header.MinTimestampNs).ThenBy(b => b.position)
            .ToList();
        var buffer = new IoEvent[1024];
        for (int start = 0; start < selected.Count;)
        {
            // Blocks whose time ranges overlap are merged; recorders write them in order, so this is rare.
            int end = start + 1;
            long groupMax = selected[start].block.Header.MaxTimestampNs;
            while (end < selected.Count && selected[end].block.Header.MinTimestampNs < groupMax)
                groupMax = Math.Max(groupMax, selected[end++].block.Header.MaxTimestampNs);

            if (end - start == 1)
            {
                int count = Decode(selected[start].block, ref buffer);
                for (int i = 0; i < count; i++)
                    if (buffer[i].TimestampNs >= fromNs && buffer[i].TimestampNs < toNs)
                        yield return buffer[i];
            }
            else
            {
                foreach (var e in MergeGroup(selected.GetRange(start, end - start).OrderBy(b => b.position).Select(b => b.block), fromNs, toNs))
                    yield return e;
            }
            start = end;
        }
    }

    private List<IoEvent> MergeGroup(IEnumerable<FrameLocation> blocks, long fromNs, long toNs)
    {
        var merged = new List<IoEvent>();
        var buffer = new IoEvent[1024];
        foreach (var block in blocks)
        {
            int count = Decode(block, ref buffer);
            merged.AddRange(buffer.AsSpan(0, count));
        }
        return merged.Where(e => e.TimestampNs >= fromNs && e.TimestampNs < toNs).OrderBy(e => e.TimestampNs).ToList();
    }

    /// <summary>Decodes one block; a damaged one yields nothing and a warning.</summary>
    private int Decode(FrameLocation block, ref IoEvent[] buffer)
    {
        BlocksDecoded++;
        try
        {
            return EventBlockDecoder.Decode(frames.Read(block), block.Header, ref buffer);
        }
        catch (SegmentFormatException e)
        {
            Warn($"{Describe(block)}: block of {block.Header.Count} events skipped: {e.Message}");
            return 0;
        }
        catch (IOException e)
        {
            Warn($"{Describe(block)}: block of {block.Header.Count} events skipped: {e.Message}");
            return 0;
        }
    }

    private void Warn(string warning)
    {
        lock (warningsGate)
            warnings.Add(warning);
    }

    private static string Describe(FrameLocation frame) => $"{System.IO.Path.GetFileName(frame.SegmentPath)} at byte {frame.Offset}";

    public void Dispose() => frames.Dispose();
}
