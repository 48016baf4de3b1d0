using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Record;

/// <summary>Where a recording goes, checked before anything is loaded into the kernel. *.pnm is a segment recording, anything else SQLite.</summary>
internal static class OutputFile
{
    public static void Validate(string path, bool force, SegmentRotation rotation)
    {
        bool segments = SegmentFormat.IsSegmentRecordingPath(path);
        if (!segments && rotation != SegmentRotation.None)
            throw new RecordException("--rotate-size, --rotate-time, --retain-size and --retain-age need a segment recording: name the output *.pnm");
        if (Directory.Exists(path) && !(segments && RecordingFile.IsSegmentDirectory(path)))
            throw new RecordException(segments
                ? $"{path} is a directory but not a pnm recording: not overwriting it"
                : $"{path} is a directory: name a file");
        string directory = Path.GetDirectoryName(Path.GetFullPath(path.TrimEnd('/')))!;
        if (!Directory.Exists(directory))
            throw new RecordException($"cannot write {path}: directory {directory} does not exist");
        if ((File.Exists(path) || Directory.Exists(path)) && !force)
            throw new RecordException($"{path} already exists: pass --force to overwrite it");
    }

    public static void RemoveExisting(string path)
    {
        try
        {
            RecordingFile.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordException($"cannot overwrite {path}: {e.Message}", e);
        }
    }

    public static IRecordingSink Create(string path, SegmentRotation rotation)
    {
        try
        {
            return RecordingFile.Create(path, rotation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new RecordException($"cannot write {path}: {e.Message}", e);
        }
    }
}
