using System.Buffers.Binary;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The index frame's payload (stored uncompressed): for every earlier frame of the segment, where
/// it is and a copy of its header, so readers pick blocks by time range without touching the rest.
/// <code>
///  per frame, 48 bytes:
///  0              8                                    48
///  +--------------+------------------------------------+
///  | offset (i64) | frame header without its magic (40) |
///  +--------------+------------------------------------+
/// </code>
/// The magic is left out so that a reader searching a damaged file for the next frame never
/// mistakes an index entry for one.
/// </summary>
internal static class SegmentIndex
{
    public const int EntrySize = 8 + FrameHeader.Size - FrameHeader.MagicSize;

    public static void Write(IReadOnlyList<(long Offset, FrameHeader Header)> frames, ByteBuffer output)
    {
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        foreach (var (offset, header) in frames)
        {
            header.Write(headerBytes);
            var entry = output.Reserve(EntrySize);
            BinaryPrimitives.WriteInt64LittleEndian(entry, offset);
            headerBytes[FrameHeader.MagicSize..].CopyTo(entry[8..]);
            output.Advance(EntrySize);
        }
    }

    /// <summary>Null when any entry is damaged or points outside the file's frames; <paramref name="payload"/>'s checksum must have been checked.</summary>
    public static List<FrameLocation>? TryRead(string segmentPath, ReadOnlySpan<byte> payload, int count, long indexOffset)
    {
        var frames = new List<FrameLocation>(count);
        return TryVisit(payload, count, indexOffset, (offset, header) => frames.Add(new FrameLocation(segmentPath, offset, header))) ? frames : null;
    }

    /// <summary>
    /// Hands every entry to <paramref name="visit"/> in file order, without keeping them; false when any entry is damaged
    /// or points outside the file's frames (what was handed over before must then be dropped).
    /// </summary>
    /// <remarks>Each entry's own header checksum is not computed again: the index payload's checksum, checked by the caller, covers it.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryVisit(ReadOnlySpan<byte> payload, int count, long indexOffset, Action<long, FrameHeader> visit)
    {
        if (payload.Length != (long)count * EntrySize)
            return false;
        long expectedOffset = SegmentHeader.Size;
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        FrameHeader.WriteMagic(headerBytes);
        for (int i = 0; i < count; i++)
        {
            var entry = payload.Slice(i * EntrySize, EntrySize);
            long offset = BinaryPrimitives.ReadInt64LittleEndian(entry);
            entry[8..].CopyTo(headerBytes[FrameHeader.MagicSize..]);
            if (FrameHeader.TryReadVouchedFor(headerBytes) is not { } header || offset != expectedOffset)
                return false;
            visit(offset, header);
            expectedOffset = offset + FrameHeader.Size + header.StoredBytes;
        }
        return expectedOffset == indexOffset;
    }
}
