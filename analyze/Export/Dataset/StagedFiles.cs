using System.Globalization;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// The files of one recording's export, written under hidden temporary names (".rec-….parquet.PID.tmp": Spark,
/// Hive and a <c>*.parquet</c> glob all skip them) beside where they go. <see cref="Commit"/> replaces the
/// recording's files as a whole: its earlier files are first moved aside (".rec-….parquet.PID.old"), then the new
/// ones renamed into place, then the earlier ones removed; a failure before the last step puts the earlier files
/// back, so the dataset keeps either all of the recording's old files or all of its new ones. A journal at the
/// dataset's root (".pnm-commit.PID") names the new files while they are renamed, so that an export killed in those
/// moments is undone by the next one (<see cref="Recover"/>), as are the temporary files of one killed while writing.
/// The journal is on disk before the first rename and the renames before it is removed (fsync), so a power cut
/// too leaves the old files or the new ones. Every folder the export creates is named first in another file at
/// the root (".pnm-folders.PID"), so that the next export removes those a killed one left empty.
/// Disposed before <see cref="Commit"/>, every temporary file and every folder it created is removed.
/// Several recordings may be staged at once in one process (of different ids): they share the process's folder record
/// (removed when the last of them is done), and one lock orders their folder creations, commits and clean-ups, so the
/// root holds one journal of the process at a time and no folder is removed while another export puts a file in it.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private const string TemporarySuffix = ".tmp", AsideSuffix = ".old", JournalPrefix = ".pnm-commit.", FoldersPrefix = ".pnm-folders.";

    // A journal's last line: one without it was cut short while written, before any rename.
    private const string JournalEnd = "end";
    private readonly string root;
    private readonly string recordingId;
    private readonly string folderRecord;
    private readonly string owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly List<(string Temporary, string Final)> staged = [];
    private readonly List<string> createdFolders = [];
    private bool committed, released;

    // Of this process: the lock over folders, commits and clean-ups, and how many staged exports use each root's folder record.
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, int> FolderRecordUsers = [];

    public StagedFiles(string root, string recordingId)
    {
        // Absolute, so that walking up to find the folders to create ends at the file system's root.
        this.root = Path.GetFullPath(root);
        this.recordingId = recordingId;
        folderRecord = Path.Combine(this.root, FoldersPrefix + owner);
        lock (Gate)
            FolderRecordUsers[folderRecord] = FolderRecordUsers.GetValueOrDefault(folderRecord) + 1;
    }

    /// <summary>Removes the folder record when no other staged export of this process is using it. Called under <see cref="Gate"/>.</summary>
    private void ReleaseFolderRecord()
    {
        if (released)
            return;
        released = true;
        if (--FolderRecordUsers[folderRecord] > 0)
            return;
        FolderRecordUsers.Remove(folderRecord);
        File.Delete(folderRecord);
    }

    /// <summary>
    /// A new file of the recording in the partition folder, mode 0600 like every file pnm writes:
    /// <c>rec-ID.parquet</c>, or <c>rec-ID-2.parquet</c> and on when the partition has one already
    /// (events out of time order across an hour's end).
    /// </summary>
    public FileStream Create(string partition)
    {
        string folder = Path.Combine(root, partition);
        // The folders and the file in them together: another export's clean-up removes only folders it finds empty.
        lock (Gate)
        {
            CreateFolders(folder);
            return CreateFile(folder);
        }
    }

    private FileStream CreateFile(string folder)
    {
        int earlier = staged.Count(s => Path.GetDirectoryName(s.Final) == folder);
        string fileName = earlier == 0 ? DatasetLayout.FileName(recordingId) : DatasetLayout.FileName($"{recordingId}-{earlier + 1}");
        string final = Path.Combine(folder, fileName);
        string temporary = Hidden(final, TemporarySuffix);
        staged.Add((temporary, final));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(temporary, options);
    }

    private string Hidden(string final, string suffix) => Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{owner}{suffix}");

    private void CreateFolders(string folder)
    {
        var missing = new Stack<string>();
        for (string? f = folder; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
            missing.Push(f);
        foreach (string f in missing)
        {
            // Named before it exists, so that the export after a killed one finds it (the root holds the record: not in it).
            if (f != root)
                File.AppendAllLines(folderRecord, [f]);
            Directory.CreateDirectory(f);
            createdFolders.Add(f);
        }
    }

    /// <summary>Replaces the recording's files in the dataset with the staged ones, all or none.</summary>
    public void Commit()
    {
        lock (Gate)
            CommitAlone();
    }

    private void CommitAlone()
    {
        var earlier = ExistingFiles().ToList();
        string journal = Path.Combine(root, JournalPrefix + owner);
        WriteJournal(journal, staged.Select(s => s.Final).Where(f => !File.Exists(f)));
        var movedAside = new List<string>();
        var placed = new List<string>();
        try
        {
            foreach (string file in earlier)
            {
                File.Move(file, Hidden(file, AsideSuffix));
                movedAside.Add(file);
            }
            foreach (var (temporary, final) in staged)
            {
                File.Move(temporary, final);
                placed.Add(final);
            }
            // The renames, and the names of the folders made for them, on disk before the journal goes.
            FlushFoldersOf(earlier.Concat(staged.Select(s => s.Final)).Concat(createdFolders));
        }
        catch
        {
            // Best effort, as in Dispose: the failure that stopped the commit is the one to report.
            Undo(() => placed.ForEach(File.Delete));
            Undo(() => movedAside.ForEach(file => File.Move(Hidden(file, AsideSuffix), file, overwrite: true)));
            Undo(() => FlushFoldersOf(earlier));
            Undo(() => File.Delete(journal));
            throw;
        }
        committed = true;
        File.Delete(journal);
        // The journal's removal on disk before the earlier files go: a journal that came back would undo the commit and find them gone.
        FolderSync.Flush(root);
        foreach (string file in earlier)
            File.Delete(Hidden(file, AsideSuffix));
        ReleaseFolderRecord();
    }

    /// <summary>The journal, and its name in the root, on disk.</summary>
    private void WriteJournal(string journal, IEnumerable<string> newFiles)
    {
        using (var file = new StreamWriter(journal))
        {
            foreach (string line in newFiles.Append(JournalEnd))
                file.WriteLine(line);
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }
        FolderSync.Flush(root);
    }

    /// <summary>Puts on disk what was renamed, created or removed in the folders of these files and folders.</summary>
    private static void FlushFoldersOf(IEnumerable<string> paths)
    {
        foreach (string folder in paths.Select(path => Path.GetDirectoryName(path)!).Distinct().Where(Directory.Exists))
            FolderSync.Flush(folder);
    }

    /// <summary>The recording's files in the dataset now, in every table.</summary>
    private IEnumerable<string> ExistingFiles() => TableFolders(root)
        .SelectMany(folder => Directory.EnumerateFiles(folder, DatasetLayout.FileName(recordingId + "*"), SearchOption.AllDirectories));

    /// <summary>
    /// Undoes what exports killed (SIGKILL, a crash, a power cut) left in the dataset: a commit's journal (its new
    /// files removed, the earlier ones put back), files moved aside, temporary files. Only those of processes that
    /// are gone: an export running beside this one keeps its own.
    /// </summary>
    public static void Recover(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            return;
        foreach (var (journal, owner) in LeftAtRoot(root, JournalPrefix))
        {
            var lines = File.ReadAllLines(journal);
            // Cut short: killed while writing it, before any rename, so there is nothing to undo.
            if (lines is [.. var newFiles, JournalEnd])
            {
                foreach (string file in newFiles)
                    File.Delete(file);
                var asides = Leftovers(root, AsideSuffix, owner);
                foreach (string aside in asides)
                    File.Move(aside, Unhidden(aside, AsideSuffix), overwrite: true);
                FlushFoldersOf(newFiles.Concat(asides));
            }
            File.Delete(journal);
        }
        foreach (string leftover in Leftovers(root, TemporarySuffix, owner: null).Concat(Leftovers(root, AsideSuffix, owner: null)))
            File.Delete(leftover);
        foreach (var (record, _) in LeftAtRoot(root, FoldersPrefix))
        {
            RemoveIfEmpty(File.ReadAllLines(record));
            File.Delete(record);
        }
    }

    /// <summary>
    /// Of the folders an export created (parents before children), those left empty, children first. One that is not
    /// empty, or no longer, holds files of another export and stays.
    /// </summary>
    private static void RemoveIfEmpty(IReadOnlyList<string> created)
    {
        for (int i = created.Count - 1; i >= 0; i--)
        {
            string folder = created[i];
            Undo(() =>
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    Directory.Delete(folder);
            });
        }
    }

    /// <summary>The root's files of the given kind (journals, folder records) left by processes that are gone, with their process id.</summary>
    private static List<(string Path, string Owner)> LeftAtRoot(string root, string prefix) => Directory.EnumerateFiles(root, prefix + "*")
        .Select(file => (Path: file, Owner: file[(file.LastIndexOf('.') + 1)..])).Where(file => IsGone(file.Owner)).ToList();

    /// <summary>Hidden files of the given kind left by a process that is gone (by one, when <paramref name="owner"/> is given).</summary>
    private static List<string> Leftovers(string root, string suffix, string? owner) => TableFolders(root)
        .SelectMany(folder => Directory.EnumerateFiles(folder, ".rec-*.parquet.*" + suffix, SearchOption.AllDirectories))
        .Where(file => OwnerOf(file, suffix) is { } pid && (owner is null ? IsGone(pid) : pid == owner)).ToList();

    /// <summary>The dataset's table folders that exist.</summary>
    private static IEnumerable<string> TableFolders(string root) => DatasetLayout.Tables.Select(table => Path.Combine(root, table)).Where(Directory.Exists);

    private static string? OwnerOf(string file, string suffix)
    {
        string name = Path.GetFileName(file)[..^suffix.Length];
        int dot = name.LastIndexOf('.');
        return dot < 0 ? null : name[(dot + 1)..];
    }

    private static string Unhidden(string file, string suffix)
    {
        string name = Path.GetFileName(file)[1..^suffix.Length];
        return Path.Combine(Path.GetDirectoryName(file)!, name[..name.LastIndexOf('.')]);
    }

    private static bool IsGone(string pid) =>
        int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id != Environment.ProcessId && !Directory.Exists($"/proc/{id}");

    private static void Undo(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        if (committed)
            return;
        lock (Gate)
        {
            // Best effort: a failure here must not hide the one that stopped the export.
            Undo(() =>
            {
                foreach (var (temporary, _) in staged)
                    File.Delete(temporary);
            });
            // Before the folders: the root may be one of them.
            Undo(ReleaseFolderRecord);
            RemoveIfEmpty(createdFolders);
        }
    }
}
