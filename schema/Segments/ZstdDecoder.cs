using System.Runtime.InteropServices;
using ZstdSharp;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Decompresses zstd frames with the system's libzstd when it loads, else with the managed port: libzstd's decoder
/// (its Huffman loops in hand-written assembly on x86-64) takes about half the managed port's time, and decompression
/// is a large part of reading a segment recording. Both decode the same format; reuses one context: one per thread.
/// </summary>
internal sealed class ZstdDecoder : IDisposable
{
    private nint nativeContext;
    private readonly Decompressor? managed;

    public ZstdDecoder(bool preferNative = true)
    {
        if (preferNative && LibZstd.IsAvailable)
            nativeContext = LibZstd.CreateDCtx();
        if (nativeContext == 0)
            managed = new Decompressor();
    }

    /// <summary>Whether the system's libzstd does the work.</summary>
    public bool IsNative => nativeContext != 0;

    /// <summary>Decompresses one or more whole frames of <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="InvalidDataException">The input is not zstd, is damaged or does not fit.</exception>
    public unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (managed is not null)
        {
            try
            {
                return managed.Unwrap(source, destination);
            }
            catch (ZstdException e)
            {
                throw new InvalidDataException(e.Message);
            }
        }
        ObjectDisposedException.ThrowIf(nativeContext == 0, this);
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            nuint result = LibZstd.DecompressDCtx(nativeContext, dst, (nuint)destination.Length, src, (nuint)source.Length);
            if (LibZstd.IsError(result) != 0)
                throw new InvalidDataException(Marshal.PtrToStringUTF8(LibZstd.GetErrorName(result)) ?? "zstd error");
            return checked((int)result);
        }
    }

    public void Dispose()
    {
        managed?.Dispose();
        if (nativeContext != 0)
        {
            LibZstd.FreeDCtx(nativeContext);
            nativeContext = 0;
        }
    }
}
