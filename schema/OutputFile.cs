using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Schema;

/// <summary>
/// A file the user asked pnm to write, under one policy for pnm record, convert and export: refused when it exists
/// (unless --force), when it is the input, when it is a directory that is no pnm recording, or when its directory is
/// missing; created with mode 0600; written under a temporary name and renamed over the old one only once whole, so a
/// failed or interrupted run leaves the old file as it was. A recording pnm record makes is the exception: it is
/// readable while it records, so it is written in place, and the old one is removed only once the capture has started.
/// Disposed before <see cref="Commit"/>, what was written under the temporary name is removed.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private readonly bool recording;
    private bool committed;

    private OutputFile(string path, string writePath, bool recording)
    {
        Path = path;
        WritePath = writePath;
        this.recording = recording;
    }

    /// <summary>The name the user gave.</summary>
    public string Path { get; }
    /// <summary>Where the bytes go until <see cref="Commit"/>: <see cref="Path"/> with ".partial" appended, or <see cref="Path"/> itself.</summary>
    public string WritePath { get; }

    /// <summary>A recording of pnm record, written in place.</summary>
    /// <exception cref="OutputFileException">The output is refused (the message says why).</exception>
    public static OutputFile ForRecording(string path, bool force) => Check(path, force, input: null, recording: true, inPlace: true);

    /// <summary>A recording copied from <paramref name="input"/> (pnm convert).</summary>
    /// <exception cref="OutputFileException">The output is refused (the message says why).</exception>
    public static OutputFile ForCopy(string path, bool force, string input) => Check(path, force, input, recording: true, inPlace: false);

    /// <summary>A plain file made from <paramref name="input"/> (pnm export).</summary>
    /// <exception cref="OutputFileException">The output is refused (the message says why).</exception>
    public static OutputFile ForExport(string path, bool force, string input) => Check(path, force, input, recording: false, inPlace: false);

    private static OutputFile Check(string path, bool force, string? input, bool recording, bool inPlace)
    {
        string full = FullPath(path);
        if (input is not null && FullPath(input) == full)
            throw new OutputFileException($"{path} is the input: name another output");
        bool segments = recording && RecordingFile.CreatesSegments(path);
        if (Directory.Exists(path) && !(segments && RecordingFile.IsSegmentDirectory(path)))
            throw new OutputFileException(segments
                ? $"{path} is a directory but not a pnm recording: not overwriting it"
                : $"{path} is a directory: name a file");
        string directory = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new OutputFileException($"cannot write {path}: directory {directory} does not exist");
        if (Exists(path) && !force)
            throw new OutputFileException($"{path} already exists: pass --force to overwrite it");
        return new OutputFile(path, inPlace ? path : path + ".partial", recording);
    }

    /// <summary>
    /// Creates the recording at <see cref="WritePath"/> in the format <see cref="Path"/> names; written in place, the old
    /// recording is removed first.
    /// </summary>
    /// <exception cref="OutputFileException">The old recording cannot be removed.</exception>
    /// <exception cref="IOException">The recording cannot be created.</exception>
    public IRecordingSink CreateRecording(SegmentRotation? rotation = null)
    {
        Remove(WritePath, $"cannot overwrite {WritePath}");
        return RecordingFile.Create(WritePath, rotation, namedAs: Path);
    }

    /// <summary>Creates the plain file at <see cref="WritePath"/>, readable and writable by its owner only.</summary>
    public FileStream CreateStream()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(WritePath, options);
    }

    /// <summary>The new file is whole: it takes the place of the old one, if any.</summary>
    /// <exception cref="OutputFileException">The old file cannot be replaced.</exception>
    public void Commit()
    {
        committed = true;
        if (WritePath == Path)
            return;
        if (!recording)
        {
            File.Move(WritePath, Path, overwrite: true);
            return;
        }
        // A recording may be a directory, and a SQLite one has companion files: the old one goes entirely first.
        Remove(Path, $"cannot overwrite {Path}");
        if (Directory.Exists(WritePath))
            Directory.Move(WritePath, Path);
        else
            File.Move(WritePath, Path);
    }

    /// <summary>Unless committed (a failure, an interruption): removes what was written under the temporary name; the old file stays.</summary>
    public void Dispose()
    {
        if (committed || WritePath == Path)
            return;
        try
        {
            if (recording)
                RecordingFile.Delete(WritePath);
            else
                File.Delete(WritePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done: the failure that brought us here is the one to report.
        }
    }

    private static void Remove(string path, string failure)
    {
        try
        {
            RecordingFile.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException($"{failure}: {e.Message}", e);
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static string FullPath(string path) => System.IO.Path.GetFullPath(path).TrimEnd('/');
}

/// <summary>An output pnm refuses to write, or cannot put in place; the message is one line for the user.</summary>
public sealed class OutputFileException(string message, Exception? inner = null) : Exception(message, inner);
