namespace ProcNetMon2.Schema.Segments;

/// <summary>What a scan found in one segment file.</summary>
internal sealed record SegmentScan(string Path, SegmentHeader Header, IReadOnlyList<FrameLocation> Frames, bool ClosedCleanly);
