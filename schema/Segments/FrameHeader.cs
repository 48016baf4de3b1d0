using System.Buffers.Binary;
using System.IO.Hashing;

namespace ProcNetMon2.Schema.Segments;

internal enum FrameKind : byte
{
    Events = 1,
    Metadata = 2,
    Index = 3,
}

internal enum FrameCodec : byte
{
    None = 0,
    Zstd = 1,
}

/// <summary>
/// The 44-byte frame header. Its own checksum makes the lengths trustworthy before the payload is
/// read, so a reader can walk from frame to frame without decompressing anything.
/// <code>
///  0        4      5       6          8              12          16       20            24
///  +--------+------+-------+----------+--------------+-----------+--------+-------------+
///  | "PNMB" | kind | codec | reserved | stored bytes | raw bytes | count  | payload crc |
///  | u32    | u8   | u8    | u16 = 0  | u32          | u32       | u32    | crc32       |
///  +--------+------+-------+----------+--------------+-----------+--------+-------------+
///  24             32             40            44
///  +--------------+--------------+-------------+
///  | min ts ns    | max ts ns    | header crc  |
///  | i64          | i64          | of 0..40    |
///  +--------------+--------------+-------------+
/// </code>
/// count is events (event block), records (metadata block) or entries (index); the timestamps
/// bound the events of an event block and are 0 otherwise.
/// </summary>
internal readonly record struct FrameHeader(
    FrameKind Kind, FrameCodec Codec, int StoredBytes, int RawBytes, int Count, uint PayloadCrc, long MinTimestampNs, long MaxTimestampNs)
{
    public const int Size = 44;
    public const int MagicSize = 4;
    /// <summary>No frame is larger; a bigger length is damage, not data.</summary>
    public const int MaxPayloadBytes = 64 << 20;
    private const uint Magic = 0x424D4E50; // "PNMB"

    public void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = (byte)Kind;
        destination[5] = (byte)Codec;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], StoredBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], RawBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], PayloadCrc);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], MinTimestampNs);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], MaxTimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], Crc32.HashToUInt32(destination[..40]));
    }

    public static void WriteMagic(Span<byte> destination) => BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);

    public static bool HasMagic(ReadOnlySpan<byte> source) =>
        source.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(source) == Magic;

    /// <summary>Null when the bytes are not an intact, plausible frame header.</summary>
    public static FrameHeader? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size || !HasMagic(source))
            return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[40..]) != Crc32.HashToUInt32(source[..40]))
            return null;
        var header = new FrameHeader(
            (FrameKind)source[4], (FrameCodec)source[5],
            BinaryPrimitives.ReadInt32LittleEndian(source[8..]), BinaryPrimitives.ReadInt32LittleEndian(source[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[16..]), BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]), BinaryPrimitives.ReadInt64LittleEndian(source[32..]));
        bool plausible = Enum.IsDefined(header.Kind) && Enum.IsDefined(header.Codec)
            && header.StoredBytes is >= 0 and <= MaxPayloadBytes && header.RawBytes is >= 0 and <= MaxPayloadBytes
            && header.Count >= 0 && header.MinTimestampNs <= header.MaxTimestampNs;
        return plausible ? header : null;
    }
}
