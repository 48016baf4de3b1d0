using System.IO.Hashing;
using System.Reflection;
using System.Runtime.CompilerServices;
using ZstdSharp;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Compiles the code that reads a segment recording's events before it is first needed: the frame checksum and zstd
/// decompression (the system's libzstd loaded, or the managed port where it does not load: neither the port nor the
/// checksum library is precompiled, and a one-off report jitted ~70 of their methods while opening the recording) and
/// the block decoder.
/// Meant for a thread of its own while the command line is parsed and the recording opened; it reads no recording.
/// </summary>
public static class SegmentReadWarmUp
{
    // The first 16 KiB of a real event block's raw payload, compressed by the zstd command-line tool at the recorder's
    // level (zstd -1 --no-check): its literals and sequences take the decompressor's usual paths.
    private const string SampleResource = "ProcNetMon2.Schema.Segments.WarmUp.event-block-sample.zst";

    /// <summary>Decompresses the embedded sample and compiles the block decoder; returns the sample's raw size.</summary>
    public static int Run()
    {
        int size = DecompressSample();
        RuntimeHelpers.PrepareMethod(typeof(EventBlockDecoder).GetMethod(nameof(EventBlockDecoder.DecodeColumns))!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(SegmentIndex).GetMethod(nameof(SegmentIndex.TryVisit))!.MethodHandle);
        return size;
    }

    private static int DecompressSample()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SampleResource)
            ?? throw new InvalidOperationException($"{SampleResource} is not embedded");
        var compressed = new byte[stream.Length];
        stream.ReadExactly(compressed);
        Crc32.HashToUInt32(compressed);
        using var decoder = new ZstdDecoder();
        var raw = new byte[checked((int)Decompressor.GetDecompressedSize(compressed))];
        return decoder.Decompress(compressed, raw);
    }
}
