namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// What a reader needs of one segment before it knows which time it will read: its metadata frames that are not series
/// frames (processes, sockets, the info; read from every segment), and the time ranges, counts and kinds of its event
/// blocks and series frames, so that a time-range read re-reads the frame list only of the segments that reach into it.
/// </summary>
internal sealed class SegmentContents
{
    private readonly string segmentPath;
    private readonly List<FrameLocation> metadataFrames = [];
    private long eventsMinNs = long.MaxValue, eventsMaxNs = long.MinValue, seriesMinNs = long.MaxValue, seriesMaxNs = long.MinValue;

    public SegmentContents(string segmentPath) => this.segmentPath = segmentPath;

    /// <summary>Metadata frames other than series frames, in file order.</summary>
    public IReadOnlyList<FrameLocation> MetadataFrames => metadataFrames;
    public int EventBlocks { get; private set; }
    public int SeriesFrames { get; private set; }
    /// <summary>The kinds of record the series frames hold, together.</summary>
    public FrameFlags SeriesKinds { get; private set; }
    public long? FirstEventNs => EventBlocks == 0 ? null : eventsMinNs;
    public long? LastEventNs => EventBlocks == 0 ? null : eventsMaxNs;

    public void Add(long offset, FrameHeader header)
    {
        if (header.Kind == FrameKind.Events)
        {
            EventBlocks++;
            (eventsMinNs, eventsMaxNs) = (Math.Min(eventsMinNs, header.MinTimestampNs), Math.Max(eventsMaxNs, header.MaxTimestampNs));
        }
        else if (header.IsSeries)
        {
            SeriesFrames++;
            SeriesKinds |= header.Flags;
            (seriesMinNs, seriesMaxNs) = (Math.Min(seriesMinNs, header.MinTimestampNs), Math.Max(seriesMaxNs, header.MaxTimestampNs));
        }
        else if (header.Kind == FrameKind.Metadata)
            metadataFrames.Add(new FrameLocation(segmentPath, offset, header));
    }

    public bool EventsOverlap(long fromNs, long toNs) => EventBlocks > 0 && eventsMaxNs >= fromNs && eventsMinNs < toNs;
    public bool SeriesOverlap(long fromNs, long toNs) => SeriesFrames > 0 && seriesMaxNs >= fromNs && seriesMinNs < toNs;

    public static SegmentContents Of(string segmentPath, IEnumerable<FrameLocation> frames)
    {
        var contents = new SegmentContents(segmentPath);
        foreach (var frame in frames)
            contents.Add(frame.Offset, frame.Header);
        return contents;
    }
}
