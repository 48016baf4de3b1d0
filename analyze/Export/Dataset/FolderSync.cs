using System.Runtime.InteropServices;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// Makes a folder's entries durable: the names of files created, renamed or removed in it survive a power cut once
/// the folder itself is fsynced. .NET has no call for that (File.OpenHandle refuses folders), hence open and fsync.
/// </summary>
internal static partial class FolderSync
{
    // O_RDONLY | O_CLOEXEC, the same on x64 and arm64 (O_DIRECTORY is not, and a plain open of a folder works).
    private const int ReadOnlyCloseOnExec = 0x80000;

    /// <exception cref="IOException">The folder cannot be opened or the disk would not take it.</exception>
    public static void Flush(string folder)
    {
        // Windows has no folder handle to flush; NTFS journals its metadata.
        if (OperatingSystem.IsWindows())
            return;
        int fd = Open(folder, ReadOnlyCloseOnExec);
        if (fd < 0)
            throw Failure(folder);
        try
        {
            if (Fsync(fd) != 0)
                throw Failure(folder);
        }
        finally
        {
            Close(fd);
        }
    }

    // As .NET words its own I/O errors ("reason : 'path'"), which the export's error message cuts at.
    private static IOException Failure(string folder)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{folder}'", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
