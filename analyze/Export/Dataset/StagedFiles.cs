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
/// Disposed before <see cref="Commit"/>, every temporary file and every folder it created is removed.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private const string TemporarySuffix = ".tmp", AsideSuffix = ".old", JournalPrefix = ".pnm-commit.";
    private readonly string root;
    private readonly string recordingId;
    private readonly string owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly List<(string Temporary, string Final)> staged = [];
    private readonly List<string> createdFolders = [];
    private bool committed;

    public StagedFiles(string root, string recordingId)
    {
        // Absolute, so that walking up to find the folders to create ends at the file system's root.
        this.root = Path.GetFullPath(root);
        this.recordingId = recordingId;
    }

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
            Directory.CreateDirectory(f);
            createdFolders.Add(f);
        }
    }

    /// <summary>Replaces the recording's files in the dataset with the staged ones, all or none.</summary>
    public void Commit()
    {
        var earlier = ExistingFiles().ToList();
        string journal = Path.Combine(root, JournalPrefix + owner);
        File.WriteAllLines(journal, staged.Select(s => s.Final).Where(f => !File.Exists(f)));
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
        }
        catch
        {
            // Best effort, as in Dispose: the failure that stopped the commit is the one to report.
            Undo(() => placed.ForEach(File.Delete));
            Undo(() => movedAside.ForEach(file => File.Move(Hidden(file, AsideSuffix), file, overwrite: true)));
            Undo(() => File.Delete(journal));
            throw;
        }
        committed = true;
        File.Delete(journal);
        foreach (string file in earlier)
            File.Delete(Hidden(file, AsideSuffix));
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
        var journals = Directory.EnumerateFiles(root, JournalPrefix + "*")
            .Select(journal => (Path: journal, Owner: journal[(journal.LastIndexOf('.') + 1)..])).Where(j => IsGone(j.Owner)).ToList();
        foreach (var (journal, owner) in journals)
        {
            foreach (string file in File.ReadAllLines(journal))
                File.Delete(file);
            foreach (string aside in Leftovers(root, AsideSuffix, owner))
                File.Move(aside, Unhidden(aside, AsideSuffix), overwrite: true);
            File.Delete(journal);
        }
        foreach (string leftover in Leftovers(root, TemporarySuffix, owner: null).Concat(Leftovers(root, AsideSuffix, owner: null)))
            File.Delete(leftover);
    }

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
        // Best effort: a failure here must not hide the one that stopped the export.
        Undo(() =>
        {
            foreach (var (temporary, _) in staged)
                File.Delete(temporary);
            for (int i = createdFolders.Count - 1; i >= 0; i--)
                if (Directory.Exists(createdFolders[i]) && !Directory.EnumerateFileSystemEntries(createdFolders[i]).Any())
                    Directory.Delete(createdFolders[i]);
        });
    }
}
