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
/// What a metadata frame holds, so that a reader can leave it undecoded. 0 in frames written before series frames
/// (and in every event block and index): such a metadata frame may hold anything and is always read.
/// </summary>
[Flags]
internal enum FrameFlags : ushort
{
    None = 0,
    /// <summary>Only time-series records, every one's time within the header's min and max ts.</summary>
    Series = 1,
    Losses = 1 << 1,
    PacketFlows = 1 << 2,
    RecorderStats = 1 << 3,
    SummarizedIo = 1 << 4,
    TcpIncidents = 1 << 5,
}

/// <summary>
/// The 44-byte frame header. Its own checksum makes the lengths trustworthy before the payload is
/// read, so a reader can walk from frame to frame without decompressing anything.
/// <code>
///  0        4      5       6          8              12          16       20            24
///  +--------+------+-------+----------+--------------+-----------+--------+-------------+
///  | "PNMB" | kind | codec | flags    | stored bytes | raw bytes | count  | payload crc |
///  | u32    | u8   | u8    | u16      | u32          | u32       | u32    | crc32       |
///  +--------+------+-------+----------+--------------+-----------+--------+-------------+
///  24             32             40            44
///  +--------------+--------------+-------------+
///  | min ts ns    | max ts ns    | header crc  |
///  | i64          | i64          | of 0..40    |
///  +--------------+--------------+-------------+
/// </code>
/// count is events (event block), records (metadata block) or entries (index); the timestamps
/// bound the events of an event block, or the records of a series frame (<see cref="FrameFlags.Series"/>),
/// and are 0 otherwise. Flags were a reserved 0 before series frames; readers ignore bits they do not know.
/// </summary>
internal readonly record struct FrameHeader(
    FrameKind Kind, FrameCodec Codec, int StoredBytes, int RawBytes, int Count, uint PayloadCrc, long MinTimestampNs, long MaxTimestampNs,
    FrameFlags Flags = FrameFlags.None)
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
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], StoredBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], RawBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], PayloadCrc);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], MinTimestampNs);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], MaxTimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], Crc32.HashToUInt32(destination[..40]));
    }

    /// <summary>A metadata frame of time-series records only, whose time range is in the header.</summary>
    public bool IsSeries => Kind == FrameKind.Metadata && (Flags & FrameFlags.Series) != 0;

    /// <summary>Whether the header's time range (an event block's or a series frame's) reaches into [fromNs, toNs).</summary>
    public bool Overlaps(long fromNs, long toNs) => MaxTimestampNs >= fromNs && MinTimestampNs < toNs;

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
        return TryReadVouchedFor(source);
    }

    /// <summary>
    /// Like <see cref="TryRead"/> without the header's own checksum, for bytes another checksum vouches for (an index
    /// entry, under the index payload's): null when the header is not plausible.
    /// </summary>
    public static FrameHeader? TryReadVouchedFor(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
            return null;
        var header = new FrameHeader(
            (FrameKind)source[4], (FrameCodec)source[5],
            BinaryPrimitives.ReadInt32LittleEndian(source[8..]), BinaryPrimitives.ReadInt32LittleEndian(source[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[16..]), BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]), BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            (FrameFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]));
        bool plausible = Enum.IsDefined(header.Kind) && Enum.IsDefined(header.Codec)
            && header.StoredBytes is >= 0 and <= MaxPayloadBytes && header.RawBytes is >= 0 and <= MaxPayloadBytes
            && header.Count >= 0 && header.MinTimestampNs <= header.MaxTimestampNs;
        return plausible ? header : null;
    }
}
