using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Record;

/// <summary>Where a recording goes, checked before anything is loaded into the kernel.</summary>
internal static class OutputFile
{
    private static readonly string[] SqliteCompanions = ["", "-wal", "-shm", "-journal"];

    public static void Validate(string path, bool force)
    {
        if (path.EndsWith(".pnm", StringComparison.Ordinal))
            throw new RecordException("segment recordings (.pnm) are not available yet: record to a .db file");
        if (Directory.Exists(path))
            throw new RecordException($"{path} is a directory: name a file");
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
            throw new RecordException($"cannot write {path}: directory {directory} does not exist");
        if (File.Exists(path) && !force)
            throw new RecordException($"{path} already exists: pass --force to overwrite it");
    }

    public static void RemoveExisting(string path)
    {
        foreach (string suffix in SqliteCompanions)
            File.Delete(path + suffix);
    }

    public static IRecordingSink Create(string path)
    {
        try
        {
            return SqliteRecordingWriter.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new RecordException($"cannot write {path}: {e.Message}", e);
        }
    }
}
