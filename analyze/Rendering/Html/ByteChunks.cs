using System.Buffers;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// Bytes written in chunks that are never copied nor grown, each small enough for the ordinary heap: a page's part of a
/// megabyte written into one growing array was several large objects (each doubling one more), whose allocation set off
/// a full collection of the scan's heap while the page was being written.
/// </summary>
internal sealed class ByteChunks : IBufferWriter<byte>
{
    // Below the large object heap's 85,000 bytes.
    private const int ChunkSize = 64 * 1024;

    private readonly List<(byte[] Chunk, int Length)> full = [];
    private byte[] current = [];
    private int written;

    public void Advance(int count)
    {
        if (count < 0 || written + count > current.Length)
            throw new ArgumentOutOfRangeException(nameof(count));
        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsSpan(written);
    }

    private void Reserve(int sizeHint)
    {
        if (current.Length - written >= Math.Max(1, sizeHint))
            return;
        if (written > 0)
            full.Add((current, written));
        current = new byte[Math.Max(ChunkSize, sizeHint)];
        written = 0;
    }

    /// <summary>Copies the bytes written, in order, to <paramref name="output"/>.</summary>
    public void CopyTo(Stream output)
    {
        foreach (var (chunk, length) in full)
            output.Write(chunk, 0, length);
        output.Write(current, 0, written);
    }
}
