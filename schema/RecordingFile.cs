using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Schema;

/// <summary>Opens a recording by its content, not its name; creates one in the format its name asks for.</summary>
public static class RecordingFile
{
    public static IRecordingSource Open(string path)
    {
        if (Directory.Exists(path))
        {
            if (IsSegmentDirectory(path))
                return SegmentRecordingReader.Open(path);
            throw new RecordingException($"{path} is a directory, not a recording");
        }
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
        if (SegmentRecordingReader.HasMagic(magic[..read]))
            return SegmentRecordingReader.Open(path);
        throw new RecordingException($"{path} is not a pnm recording");
    }

    /// <summary>A directory holding segment files (it may have lost some of them to damage or retention).</summary>
    public static bool IsSegmentDirectory(string path)
    {
        try
        {
            return Directory.Exists(path) && SegmentFormat.SegmentFiles(path).Count > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>The one place a new recording's format is decided: a segment recording for a *.pnm path, SQLite for anything else.</summary>
    public static bool CreatesSegments(string path) =>
        path.TrimEnd('/').EndsWith(SegmentFormat.RecordingExtension, StringComparison.Ordinal);

    /// <summary>A recording in the format <see cref="CreatesSegments"/> picks for <paramref name="namedAs"/> (by default <paramref name="path"/>).</summary>
    /// <param name="namedAs">The name the recording will have, when it is written under a temporary one.</param>
    /// <exception cref="IOException">The recording cannot be created.</exception>
    public static IRecordingSink Create(string path, SegmentRotation? rotation = null, string? namedAs = null) =>
        CreatesSegments(namedAs ?? path)
            ? SegmentRecordingWriter.Create(path, rotation)
            : SqliteRecordingWriter.Create(path);

    /// <summary>Removes a recording and everything belonging to it; refuses to remove anything else.</summary>
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            if (Directory.EnumerateFileSystemEntries(path).Any(entry => !IsSegmentFileName(Path.GetFileName(entry))))
                throw new IOException($"{path} holds files that are not segments of a pnm recording: not removing it");
            Directory.Delete(path, recursive: true);
            return;
        }
        foreach (string suffix in SqliteCompanions)
            File.Delete(path + suffix);
    }

    private static readonly string[] SqliteCompanions = ["", "-wal", "-shm", "-journal"];

    private static bool IsSegmentFileName(string name) =>
        name.StartsWith("segment-", StringComparison.Ordinal) && name.EndsWith(SegmentFormat.SegmentExtension, StringComparison.Ordinal);
}
