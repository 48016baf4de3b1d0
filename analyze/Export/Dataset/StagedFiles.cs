namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// The files of one recording's export, written under hidden temporary names (".rec-….parquet.PID.tmp": Spark,
/// Hive and a <c>*.parquet</c> glob all skip them) beside where they go. <see cref="Commit"/> renames each into
/// place (one atomic rename each, replacing that recording's earlier file) and then removes the recording's
/// files an earlier export had where this one has none. Disposed before that, every temporary file and every
/// folder it created is removed: the dataset is as it was.
/// </summary>
internal sealed class StagedFiles(string root, string recordingId) : IDisposable
{
    private readonly List<(string Temporary, string Final)> staged = [];
    private readonly List<string> createdFolders = [];
    private bool committed;

    /// <summary>
    /// A new file of the recording in the partition folder, mode 0600 like every file pnm writes:
    /// <c>rec-ID.parquet</c>, or <c>rec-ID-2.parquet</c> and on when the partition has one already
    /// (events out of time order across an hour's end).
    /// </summary>
    public FileStream Create(string partition)
    {
        string folder = Path.Combine(root, partition);
        CreateFolders(folder);
        int earlier = staged.Count(s => Path.GetDirectoryName(s.Final) == folder);
        string fileName = earlier == 0 ? DatasetLayout.FileName(recordingId) : DatasetLayout.FileName($"{recordingId}-{earlier + 1}");
        string final = Path.Combine(folder, fileName);
        string temporary = Path.Combine(folder, $".{fileName}.{Environment.ProcessId}.tmp");
        staged.Add((temporary, final));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(temporary, options);
    }

    private void CreateFolders(string folder)
    {
        var missing = new Stack<string>();
        for (string? f = folder; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
            missing.Push(f);
        foreach (string f in missing)
        {
            Directory.CreateDirectory(f);
            createdFolders.Add(f);
        }
    }

    public void Commit()
    {
        committed = true;
        foreach (var (temporary, final) in staged)
            File.Move(temporary, final, overwrite: true);
        var written = staged.Select(s => s.Final).ToHashSet(StringComparer.Ordinal);
        foreach (string table in DatasetLayout.Tables)
        {
            string folder = Path.Combine(root, table);
            if (!Directory.Exists(folder))
                continue;
            foreach (string stale in Directory.EnumerateFiles(folder, DatasetLayout.FileName(recordingId + "*"), SearchOption.AllDirectories)
                         .Where(f => !written.Contains(f)).ToList())
                File.Delete(stale);
        }
    }

    public void Dispose()
    {
        if (committed)
            return;
        // Best effort: a failure here must not hide the one that stopped the export.
        try
        {
            foreach (var (temporary, _) in staged)
                File.Delete(temporary);
            for (int i = createdFolders.Count - 1; i >= 0; i--)
                if (Directory.Exists(createdFolders[i]) && !Directory.EnumerateFileSystemEntries(createdFolders[i]).Any())
                    Directory.Delete(createdFolders[i]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
