namespace ProcNetMon2.Schema.Segments;

// A segment recording is a directory (conventionally named *.pnm) of segment files
// segment-000001.pnms, segment-000002.pnms, … read in sequence order. Every integer is little-endian.
//
// Segment file:
//   +-------------+---------+---------+-----+---------+---------------+----------+
//   | file header | frame 1 | frame 2 | ... | frame n | index frame   | trailer  |
//   +-------------+---------+---------+-----+---------+---------------+----------+
//                                                      written when the segment is closed
//
// A frame is a header and a payload. Frames are event blocks, metadata blocks and the index.
// A recorder killed mid-write leaves a segment without index and trailer, possibly ending in a
// torn frame: readers then walk the frame headers and skip what does not check out.

/// <summary>Names and limits of the segment format (docs/format.md, "Segments").</summary>
public static class SegmentFormat
{
    /// <summary>The segment file format version; readers refuse newer ones.</summary>
    public const ushort Version = 1;
    public const string RecordingExtension = ".pnm";
    public const string SegmentExtension = ".pnms";
    /// <summary>Events per block at most; the recorder also cuts a block at every one-second flush.</summary>
    public const int MaxBlockEvents = 65_536;

    public static string SegmentFileName(uint sequence) => $"segment-{sequence:D6}{SegmentExtension}";

    /// <summary>The segment files of a recording directory, oldest first.</summary>
    public static IReadOnlyList<string> SegmentFiles(string directory) =>
        Directory.EnumerateFiles(directory, "segment-*" + SegmentExtension)
            .OrderBy(path => path.Length) // segment-1000000 comes after segment-999999
            .ThenBy(path => path, StringComparer.Ordinal)
            .ToList();
}
