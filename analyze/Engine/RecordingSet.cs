using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// The recordings one analysis reads: files, segment recordings, and directories holding several
/// recordings (e.g. rotated hourly ones), ordered by start time.
/// </summary>
public sealed class RecordingSet : IDisposable
{
    public IReadOnlyList<RecordingView> Recordings { get; }
    public long StartWallNs => Recordings.Min(r => r.StartWallNs);
    public long EndWallNs => Recordings.Max(r => r.EndWallNs);

    /// <summary>
    /// The window --since and --until select over these recordings; from now on their time series (packet counts,
    /// losses, incidents, summarized calls) are read for this window only.
    /// </summary>
    public AnalysisWindow SelectWindow(TimeBound? since, TimeBound? until)
    {
        var window = AnalysisWindow.Select(this, since, until);
        foreach (var recording in Recordings)
            recording.SelectWindow(window);
        return window;
    }

    /// <summary>The recordings' host names, each once, in order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    private RecordingSet(IReadOnlyList<RecordingView> recordings)
    {
        Recordings = recordings;
        Hosts = recordings.Select(r => r.Info.Host).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <param name="hosts">Only the recordings of these hosts (by the host name each recording holds); empty: all.</param>
    /// <exception cref="RecordingException">A path is missing, unreadable, or holds no recording (of those hosts).</exception>
    public static RecordingSet Open(IEnumerable<string> paths, IReadOnlyCollection<string>? hosts = null)
    {
        var sources = new List<IRecordingSource>();
        try
        {
            foreach (string path in paths)
                sources.AddRange(OpenPath(path));
            if (hosts is { Count: > 0 })
                sources = OfHosts(sources, hosts);
            return new RecordingSet(sources.Select(s => new RecordingView(s)).OrderBy(v => v.StartWallNs).ThenBy(v => v.Source.Path, StringComparer.Ordinal).ToList());
        }
        catch
        {
            sources.ForEach(s => s.Dispose());
            throw;
        }
    }

    /// <summary>The sources of the given hosts; the others are closed.</summary>
    private static List<IRecordingSource> OfHosts(List<IRecordingSource> sources, IReadOnlyCollection<string> hosts)
    {
        var kept = sources.Where(s => hosts.Contains(s.Info.Host)).ToList();
        if (kept.Count == 0)
            throw new RecordingException($"no recording of host {string.Join(", ", hosts)}: the recordings are of "
                + string.Join(", ", sources.Select(s => s.Info.Host).Distinct().Order(StringComparer.Ordinal)));
        foreach (var other in sources.Except(kept))
            other.Dispose();
        return kept;
    }

    private static List<IRecordingSource> OpenPath(string path)
    {
        if (!Directory.Exists(path) || RecordingFile.IsSegmentDirectory(path))
            return [RecordingFile.Open(path)];
        var opened = new List<IRecordingSource>();
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
                if (LooksLikeRecording(entry))
                    opened.Add(RecordingFile.Open(entry));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            opened.ForEach(s => s.Dispose());
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
        catch
        {
            opened.ForEach(s => s.Dispose());
            throw;
        }
        if (opened.Count == 0)
            throw new RecordingException($"{path} holds no pnm recordings");
        return opened;
    }

    /// <summary>A directory may hold other files (notes, SQLite's -wal files): only recordings by name are opened.</summary>
    private static bool LooksLikeRecording(string entry) =>
        Directory.Exists(entry) ? RecordingFile.IsSegmentDirectory(entry) : entry.EndsWith(".db", StringComparison.Ordinal) || entry.EndsWith(".pnm", StringComparison.Ordinal);

    /// <summary>Damage stepped over while reading, one line each.</summary>
    public IEnumerable<string> Warnings => Recordings.SelectMany(r => r.Source.Warnings);

    public void Dispose()
    {
        foreach (var recording in Recordings)
            recording.Source.Dispose();
    }
}
