using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace ProcNetMon2.Schema.Segments;

/// <summary>Reads a frame's payload, checks its checksum and decompresses it. Keeps one open handle per segment file.</summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Dictionary<string, SafeFileHandle> handles = [];
    private readonly ZstdDecoder decompressor = new();
    private byte[] stored = new byte[64 * 1024];
    private byte[] raw = new byte[64 * 1024];

    /// <summary>
    /// Makes room for frames of up to these sizes (the largest a thread will read, known from the index) at once: one
    /// buffer each instead of one more for each frame larger than any before it.
    /// </summary>
    public void Reserve(int storedBytes, int rawBytes)
    {
        if (stored.Length < storedBytes)
            stored = new byte[storedBytes];
        if (raw.Length < rawBytes)
            raw = new byte[rawBytes];
    }

    /// <summary>The raw payload, valid until the next call.</summary>
    /// <exception cref="SegmentFormatException">The frame is not what its header promises.</exception>
    public ReadOnlySpan<byte> Read(FrameLocation frame)
    {
        var handle = HandleOf(frame.SegmentPath);
        var header = frame.Header;
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        if (RandomAccess.Read(handle, headerBytes, frame.Offset) != FrameHeader.Size || FrameHeader.TryRead(headerBytes) != header)
            throw new SegmentFormatException("its header is damaged");
        if (stored.Length < header.StoredBytes)
            stored = Larger(stored, header.StoredBytes);
        var payload = stored.AsSpan(0, header.StoredBytes);
        if (RandomAccess.Read(handle, payload, frame.Offset + FrameHeader.Size) != payload.Length)
            throw new SegmentFormatException("it is cut short");
        if (Crc32.HashToUInt32(payload) != header.PayloadCrc)
            throw new SegmentFormatException("checksum mismatch");
        if (header.Codec == FrameCodec.None)
            return payload;

        if (raw.Length < header.RawBytes)
            raw = Larger(raw, header.RawBytes);
        int size;
        try
        {
            size = decompressor.Decompress(payload, raw.AsSpan(0, header.RawBytes));
        }
        catch (InvalidDataException e)
        {
            throw new SegmentFormatException($"it does not decompress ({e.Message})");
        }
        if (size != header.RawBytes)
            throw new SegmentFormatException($"it decompresses to {size} bytes, its header says {header.RawBytes}");
        return raw.AsSpan(0, size);
    }

    /// <summary>
    /// A buffer for at least <paramref name="needed"/> bytes, at least twice the old one: grown to each larger frame's size
    /// alone, a scan made a new large object of nearly every frame that outgrew the one before, and their collections.
    /// </summary>
    private static byte[] Larger(byte[] buffer, int needed) => new byte[Math.Max(needed, 2 * buffer.Length)];

    private SafeFileHandle HandleOf(string path)
    {
        if (!handles.TryGetValue(path, out var handle))
            handles[path] = handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return handle;
    }

    public void Dispose()
    {
        foreach (var handle in handles.Values)
            handle.Dispose();
        handles.Clear();
        decompressor.Dispose();
    }
}
