namespace ProcNetMon2.Schema.Segments;

/// <summary>Where a frame sits in its segment file, and what its header says.</summary>
internal sealed record FrameLocation(string SegmentPath, long Offset, FrameHeader Header)
{
    public long End => Offset + FrameHeader.Size + Header.StoredBytes;
}
