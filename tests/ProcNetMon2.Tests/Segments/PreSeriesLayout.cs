using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

/// <summary>
/// Turns a segment recording into what a writer before series frames left: every metadata frame without flags or time
/// range (so readers decode it when opening, whatever the window), the index rewritten to match. The records are the same.
/// </summary>
internal static class PreSeriesLayout
{
    public static void ClearSeriesFlags(string recording)
    {
        foreach (string segment in SegmentFormat.SegmentFiles(recording))
        {
            var scan = SegmentFileScanner.Scan(segment, warning => throw new InvalidOperationException(warning))!;
            Assert.True(scan.ClosedCleanly, $"{segment} has no index");
            using var file = File.OpenHandle(segment, FileMode.Open, FileAccess.ReadWrite);
            var headers = new List<(long Offset, FrameHeader Header)>();
            var bytes = new byte[FrameHeader.Size];
            foreach (var frame in scan.Frames)
            {
                var header = frame.Header.IsSeries ? frame.Header with { Flags = FrameFlags.None, MinTimestampNs = 0, MaxTimestampNs = 0 } : frame.Header;
                header.Write(bytes);
                RandomAccess.Write(file, bytes, frame.Offset);
                headers.Add((frame.Offset, header));
            }
            var index = new ByteBuffer();
            SegmentIndex.Write(headers, index);
            using var encoder = new FrameEncoder();
            var indexFrame = encoder.Encode(FrameKind.Index, FrameCodec.None, index.Written, headers.Count, 0, 0, out _);
            RandomAccess.Write(file, indexFrame, scan.Frames[^1].End);
        }
    }
}
