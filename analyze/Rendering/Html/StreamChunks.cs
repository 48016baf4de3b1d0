using System.Buffers;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// A writer's buffer that passes its bytes on to a stream a chunk at a time, always in the same chunk: a page's data
/// (megabytes, of a Utf8JsonWriter left to buffer it) never grows an array onto the large object heap, whose
/// allocation set off a full collection of the scan's heap while the page was being written.
/// </summary>
internal sealed class StreamChunks(Stream output) : IBufferWriter<byte>
{
    // Below the large object heap's 85,000 bytes.
    private const int ChunkSize = 64 * 1024;

    private byte[] chunk = new byte[ChunkSize];
    private int written;

    public void Advance(int count)
    {
        if (count < 0 || written + count > chunk.Length)
            throw new ArgumentOutOfRangeException(nameof(count));
        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return chunk.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return chunk.AsSpan(written);
    }

    /// <summary>Passes the bytes written since the last chunk went out on to the stream.</summary>
    public void Flush()
    {
        output.Write(chunk, 0, written);
        written = 0;
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(1, sizeHint);
        if (chunk.Length - written >= needed)
            return;
        Flush();
        if (chunk.Length < needed)
            chunk = new byte[needed];
    }
}
