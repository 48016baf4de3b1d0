using Microsoft.Win32.SafeHandles;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Appends frames to one segment file and closes it with its index and trailer. Every frame goes
/// to the kernel in one write, unbuffered, so once Append returns the frame survives the process
/// being killed. A failed write (disk full) is cut off again, so the file ends at its last whole frame.
/// </summary>
internal sealed class SegmentFileWriter : IDisposable
{
    private readonly SafeFileHandle handle;
    private readonly List<(long Offset, FrameHeader Header)> frames = [];
    private bool closed;

    public string Path { get; }
    public uint Sequence { get; }
    public long Length { get; private set; }

    private SegmentFileWriter(string path, uint sequence, SafeFileHandle handle)
    {
        Path = path;
        Sequence = sequence;
        this.handle = handle;
    }

    /// <summary>Creates the file, readable and writable by its owner only, and writes its header.</summary>
    public static SegmentFileWriter Create(string path, uint sequence)
    {
        // Made private before anything is in it: recordings reveal command lines and peers.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(path, options)) { }
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var writer = new SegmentFileWriter(path, sequence, handle);
        try
        {
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            new SegmentHeader(SegmentFormat.Version, sequence).Write(header);
            writer.WriteAtEnd(header);
            return writer;
        }
        catch
        {
            writer.Dispose();
            File.Delete(path);
            throw;
        }
    }

    public void Append(ReadOnlySpan<byte> frame, in FrameHeader header)
    {
        long offset = Length;
        WriteAtEnd(frame);
        frames.Add((offset, header));
    }

    /// <summary>Writes the index and the trailer and forces the file to disk.</summary>
    public void Close(FrameEncoder encoder)
    {
        if (closed)
            return;
        var index = new ByteBuffer(frames.Count * SegmentIndex.EntrySize + 16);
        SegmentIndex.Write(frames, index);
        long indexOffset = Length;
        WriteAtEnd(encoder.Encode(FrameKind.Index, FrameCodec.None, index.Written, frames.Count, 0, 0, out _));
        Span<byte> trailer = stackalloc byte[SegmentTrailer.Size];
        new SegmentTrailer(indexOffset).Write(trailer);
        WriteAtEnd(trailer);
        RandomAccess.FlushToDisk(handle);
        closed = true;
    }

    private void WriteAtEnd(ReadOnlySpan<byte> bytes)
    {
        try
        {
            RandomAccess.Write(handle, bytes, Length);
        }
        catch (IOException)
        {
            // Best effort: shrinking a file needs no space, and a whole-frame end reads without a warning.
            try
            {
                RandomAccess.SetLength(handle, Length);
            }
            catch (IOException)
            {
            }
            throw;
        }
        Length += bytes.Length;
    }

    public void Dispose() => handle.Dispose();
}
