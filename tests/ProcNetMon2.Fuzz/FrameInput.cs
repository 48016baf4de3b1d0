using System.Buffers.Binary;
using System.IO.Hashing;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Fuzz;

/// <summary>
/// The "frames" target's input: segment frames without their checksums and compression, so that a
/// mutation reaches the block and metadata decoders instead of stopping at a CRC. Each record is
/// kind (u8), count (u32), min and max timestamps (i64), payload length (u16), payload; the harness
/// writes a segment of uncompressed frames with correct checksums around them (no index: read as a
/// segment whose recorder died, frame by frame).
/// </summary>
internal static class FrameInput
{
    private const int RecordHeader = 1 + 4 + 8 + 8 + 2;

    public static byte[] ToSegment(ReadOnlySpan<byte> input)
    {
        var segment = new List<byte>();
        var header = new byte[SegmentHeader.Size];
        new SegmentHeader(SegmentFormat.Version, 1).Write(header);
        segment.AddRange(header);
        while (input.Length >= RecordHeader)
        {
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(input[21..]), input.Length - RecordHeader);
            var payload = input.Slice(RecordHeader, length);
            var frame = new byte[FrameHeader.Size];
            new FrameHeader((FrameKind)input[0], FrameCodec.None, length, length, BinaryPrimitives.ReadInt32LittleEndian(input[1..]),
                Crc32.HashToUInt32(payload), BinaryPrimitives.ReadInt64LittleEndian(input[5..]), BinaryPrimitives.ReadInt64LittleEndian(input[13..])).Write(frame);
            segment.AddRange(frame);
            segment.AddRange(payload.ToArray());
            input = input[(RecordHeader + length)..];
        }
        return [.. segment];
    }

    /// <summary>A real segment file's frames (the index left out) as this target's input: its seed.</summary>
    public static byte[] FromSegment(string segmentPath)
    {
        var scan = SegmentFileScanner.Scan(segmentPath, _ => { }) ?? throw new InvalidOperationException($"{segmentPath} is not a segment");
        using var reader = new FrameReader();
        var input = new List<byte>();
        foreach (var frame in scan.Frames.Where(f => f.Header.Kind != FrameKind.Index))
        {
            var payload = reader.Read(frame);
            var record = new byte[RecordHeader];
            record[0] = (byte)frame.Header.Kind;
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(1), frame.Header.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(5), frame.Header.MinTimestampNs);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(13), frame.Header.MaxTimestampNs);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(21), checked((ushort)payload.Length));
            input.AddRange(record);
            input.AddRange(payload.ToArray());
        }
        return [.. input];
    }
}
