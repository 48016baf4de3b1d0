using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// A recording copied into a SQLite recording (the copy pnm convert makes) in a private directory of its
/// own, removed on dispose, and also when pnm is interrupted or terminated while it exists.
/// </summary>
internal sealed class TemporarySqliteCopy : IDisposable
{
    private readonly string directory;
    private readonly PosixSignalRegistration[] removeOnSignal;

    public string Path { get; }

    private TemporarySqliteCopy(string directory)
    {
        this.directory = directory;
        Path = System.IO.Path.Combine(directory, "recording.db");
        // The handler leaves the signal's usual outcome (the process ends) alone: it only removes the copy first.
        removeOnSignal = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => Remove()))];
    }

    /// <exception cref="QueryException">The copy cannot be written, e.g. the temporary directory is full.</exception>
    public static TemporarySqliteCopy Of(IRecordingSource source, string parentDirectory)
    {
        TemporarySqliteCopy? copy = null;
        try
        {
            copy = new TemporarySqliteCopy(CreatePrivateDirectory(parentDirectory));
            using (var sink = SqliteRecordingWriter.Create(copy.Path))
                RecordingCopy.Copy(source, sink);
            return copy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            copy?.Dispose();
            throw new QueryException($"cannot copy {source.Path} into a SQLite recording under {parentDirectory}: {e.Message.Split('\n')[0]}", e);
        }
        catch
        {
            copy?.Dispose();
            throw;
        }
    }

    private static string CreatePrivateDirectory(string parent)
    {
        string path = System.IO.Path.Combine(parent, $"pnm-query-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private void Remove()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or a file appeared while deleting: nothing more can be done here.
        }
    }

    public void Dispose()
    {
        Remove();
        foreach (var registration in removeOnSignal)
            registration.Dispose();
    }
}
