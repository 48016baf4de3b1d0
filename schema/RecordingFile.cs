using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Schema;

/// <summary>Opens a recording by its content, not its name.</summary>
public static class RecordingFile
{
    public static IRecordingSource Open(string path)
    {
        if (Directory.Exists(path))
            throw new RecordingException($"{path} is a directory, not a recording");
        if (!File.Exists(path))
            throw new RecordingException($"no such recording: {path}");
        Span<byte> magic = stackalloc byte[16];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
        if (read == magic.Length && SqliteRecordingReader.HasMagic(magic))
            return SqliteRecordingReader.Open(path);
        throw new RecordingException($"{path} is not a pnm recording");
    }
}
