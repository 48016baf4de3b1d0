using System.Runtime.InteropServices;

namespace ProcNetMon2.Schema.Segments;

/// <summary>The system's libzstd (the reference implementation): every native name pnm uses from it is declared here.</summary>
internal static unsafe partial class LibZstd
{
    private const string Library = "libzstd.so.1";

    /// <summary>Whether the library loads on this machine; checked once.</summary>
    public static bool IsAvailable => Availability.Value;

    private static readonly Lazy<bool> Availability = new(() => NativeLibrary.TryLoad(Library, out _));

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(nint dctx);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    public static partial nuint DecompressDCtx(nint dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial nint GetErrorName(nuint code);
}
