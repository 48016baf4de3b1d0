using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Finds the frames of a segment file: from its index when the file was closed cleanly, else by
/// walking the frame headers. Damage is stepped over to the next intact frame and reported as a
/// warning naming the bytes skipped; it never throws for damage, only for a newer format.
/// </summary>
internal static class SegmentFileScanner
{
    private const int SearchChunk = 1 << 20;

    public static SegmentScan? Scan(string path, Action<string> warn)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        string name = System.IO.Path.GetFileName(path);

        Span<byte> headerBytes = stackalloc byte[SegmentHeader.Size];
        int read = RandomAccess.Read(handle, headerBytes, 0);
        if (SegmentHeader.TryRead(headerBytes[..read]) is not { } header)
        {
            warn($"{name}: damaged or missing segment header ({length} bytes): segment skipped");
            return null;
        }
        if (header.Version > SegmentFormat.Version)
            throw new RecordingException(
                $"{path} uses segment format {header.Version}; this pnm reads up to {SegmentFormat.Version}: upgrade pnm");

        var indexed = TryReadIndex(handle, length, out bool trailerPresent, (payload, count, indexOffset) =>
        {
            var contents = new SegmentContents(path);
            return SegmentIndex.TryVisit(payload, count, indexOffset, contents.Add) ? contents : null;
        });
        if (indexed is not null)
            return new SegmentScan(path, header, indexed, closedCleanly: true, () => Reindex(path));
        if (trailerPresent)
            warn($"{name}: damaged index: blocks found by walking the file instead");
        var frames = Walk(handle, path, length, trailerPresent, warn);
        return new SegmentScan(path, header, SegmentContents.Of(path, frames), closedCleanly: false, () => frames);
    }

    /// <summary>The frames of a segment whose index was read before, read from it again.</summary>
    /// <exception cref="RecordingException">The segment was removed or rewritten since.</exception>
    private static List<FrameLocation> Reindex(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return TryReadIndex(handle, RandomAccess.GetLength(handle), out _, (payload, count, indexOffset) => SegmentIndex.TryRead(path, payload, count, indexOffset))
                ?? throw new RecordingException($"{path} changed while it was being read: its index is no longer intact");
        }
        catch (IOException e)
        {
            throw new RecordingException($"{path} changed while it was being read: {e.Message}", e);
        }
    }

    private delegate T? IndexUse<T>(ReadOnlySpan<byte> payload, int count, long indexOffset) where T : class;

    /// <summary>What <paramref name="use"/> makes of the index's payload; null when there is no intact index (or it refuses it).</summary>
    private static T? TryReadIndex<T>(SafeFileHandle handle, long length, out bool trailerPresent, IndexUse<T> use) where T : class
    {
        trailerPresent = false;
        if (length < SegmentHeader.Size + FrameHeader.Size + SegmentTrailer.Size)
            return null;
        Span<byte> trailerBytes = stackalloc byte[SegmentTrailer.Size];
        RandomAccess.Read(handle, trailerBytes, length - SegmentTrailer.Size);
        if (SegmentTrailer.TryRead(trailerBytes) is not { } trailer)
            return null;
        trailerPresent = true;
        long indexOffset = trailer.IndexOffset;
        if (indexOffset < SegmentHeader.Size || indexOffset > length - SegmentTrailer.Size - FrameHeader.Size)
            return null;
        Span<byte> frameBytes = stackalloc byte[FrameHeader.Size];
        RandomAccess.Read(handle, frameBytes, indexOffset);
        if (FrameHeader.TryRead(frameBytes) is not { Kind: FrameKind.Index, Codec: FrameCodec.None } frame
            || indexOffset + FrameHeader.Size + frame.StoredBytes != length - SegmentTrailer.Size)
            return null;
        // Rented: a week of hourly segments has 169 indexes of half a megabyte each.
        var rented = ArrayPool<byte>.Shared.Rent(frame.StoredBytes);
        try
        {
            var payload = rented.AsSpan(0, frame.StoredBytes);
            if (RandomAccess.Read(handle, payload, indexOffset + FrameHeader.Size) != payload.Length
                || System.IO.Hashing.Crc32.HashToUInt32(payload) != frame.PayloadCrc)
                return null;
            return use(payload, frame.Count, indexOffset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static List<FrameLocation> Walk(SafeFileHandle handle, string path, long length, bool trailerPresent, Action<string> warn)
    {
        string name = System.IO.Path.GetFileName(path);
        var frames = new List<FrameLocation>();
        long offset = SegmentHeader.Size;
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        while (offset < length)
        {
            int read = RandomAccess.Read(handle, headerBytes, offset);
            if (TryFrameAt(headerBytes[..read], path, offset, length) is { } frame)
            {
                if (frame.Header.Kind == FrameKind.Index)
                {
                    // The index comes last and the trailer after it; one of them did not check out.
                    if (!trailerPresent)
                        warn($"{name}: damaged or incomplete trailer at byte {frame.End}: blocks found by walking the file instead");
                    break;
                }
                frames.Add(frame);
                offset = frame.End;
                continue;
            }
            long next = FindNextFrame(handle, path, offset + 1, length);
            if (next < 0)
            {
                warn($"{name}: incomplete block at byte {offset} ({length - offset} bytes) skipped: " +
                     "the recorder stopped mid-write or the file was cut short");
                break;
            }
            warn($"{name}: damaged bytes {offset}-{next} ({next - offset} bytes) skipped");
            offset = next;
        }
        return frames;
    }

    private static FrameLocation? TryFrameAt(ReadOnlySpan<byte> bytes, string path, long offset, long length) =>
        FrameHeader.TryRead(bytes) is { } header && offset + FrameHeader.Size + header.StoredBytes <= length
            ? new FrameLocation(path, offset, header)
            : null;

    /// <summary>The offset of the next intact frame header whose payload fits in the file, or -1.</summary>
    private static long FindNextFrame(SafeFileHandle handle, string path, long from, long length)
    {
        // No larger than what is left to search: damage near the end of a small file needs no megabyte.
        var chunk = new byte[(int)Math.Min(SearchChunk, length - from) + FrameHeader.Size];
        for (long start = from; start < length; start += SearchChunk)
        {
            int read = RandomAccess.Read(handle, chunk, start);
            var span = chunk.AsSpan(0, read);
            for (int i = span.IndexOf("PNMB"u8); i >= 0 && i < SearchChunk; )
            {
                if (TryFrameAt(span[i..], path, start + i, length) is not null)
                    return start + i;
                int next = span[(i + 1)..].IndexOf("PNMB"u8);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }
        return -1;
    }
}
