using System.Buffers.Binary;
using System.IO.Hashing;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The 16 bytes that end a cleanly closed segment and point at its index frame.
/// <code>
///  0                    8        12       16
///  +--------------------+--------+--------+
///  | index frame offset | "PNMX" | crc32  |
///  | i64                | u32    | of 0..12 |
///  +--------------------+--------+--------+
/// </code>
/// </summary>
internal readonly record struct SegmentTrailer(long IndexOffset)
{
    public const int Size = 16;
    private const uint Magic = 0x584D4E50; // "PNMX"

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, IndexOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32.HashToUInt32(destination[..12]));
    }

    public static SegmentTrailer? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(source[12..]) != Crc32.HashToUInt32(source[..12]))
            return null;
        return new SegmentTrailer(BinaryPrimitives.ReadInt64LittleEndian(source));
    }
}
