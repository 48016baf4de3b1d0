using System.Buffers.Binary;
using System.IO.Hashing;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The 24-byte segment file header.
/// <code>
///  0                8         10        12         16         20         24
///  +----------------+---------+---------+----------+----------+----------+
///  | magic          | version | flags   | sequence | reserved | crc32    |
///  | "PNMSEG\r\n"   | u16     | u16 = 0 | u32      | u32 = 0  | of 0..20 |
///  +----------------+---------+---------+----------+----------+----------+
/// </code>
/// </summary>
internal readonly record struct SegmentHeader(ushort Version, uint Sequence)
{
    public const int Size = 24;
    public static ReadOnlySpan<byte> Magic => "PNMSEG\r\n"u8;

    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    public void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        destination.Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Crc32.HashToUInt32(destination[..20]));
    }

    /// <summary>Null when the bytes are not an intact segment header.</summary>
    public static SegmentHeader? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size || !HasMagic(source))
            return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[20..]) != Crc32.HashToUInt32(source[..20]))
            return null;
        return new SegmentHeader(BinaryPrimitives.ReadUInt16LittleEndian(source[8..]), BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
    }
}
