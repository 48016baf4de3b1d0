namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// What a scan found in one segment file. The frame list of a cleanly closed segment is read again from its index when
/// first asked for, so a long history's event blocks and series frames are not all kept while only some are read.
/// </summary>
internal sealed class SegmentScan(string path, SegmentHeader header, SegmentContents contents, bool closedCleanly, Func<IReadOnlyList<FrameLocation>> frames)
{
    private readonly Lazy<IReadOnlyList<FrameLocation>> frames = new(frames);

    public string Path => path;
    public SegmentHeader Header => header;
    public SegmentContents Contents => contents;
    public bool ClosedCleanly => closedCleanly;
    /// <summary>Every frame but the index, in file order.</summary>
    public IReadOnlyList<FrameLocation> Frames => frames.Value;
}
