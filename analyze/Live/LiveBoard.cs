namespace ProcNetMon2.Analyze.Live;

/// <summary>What the live view can be sorted by.</summary>
public enum LiveSort
{
    Rate,
    TxRate,
    RxRate,
    Total,
    Peak,
    Sockets,
    Name,
}

/// <summary>One group as the live view shows it: its interval and the peak rate it has reached while shown.</summary>
public sealed record LiveLine(LiveGroupRow Group, double PeakRate);

/// <summary>
/// The live view's state, on the view's thread: the latest interval grouped the way the user chose,
/// each group's peak rate, the sort, the name filter, and how long groups whose processes have
/// exited stay (dimmed) before they leave the view.
/// </summary>
public sealed class LiveBoard(LiveGroups groups, TimeSpan exitedRetention)
{
    /// <summary>How long a group whose processes have all exited stays in view (dimmed).</summary>
    public static readonly TimeSpan ExitedRetention = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, double> peaks = [];
    private readonly long exitedRetentionNs = exitedRetention.Ticks * 100;
    private IReadOnlyList<LiveGroupRow> rows = [];

    public LiveGroups Groups { get; private set; } = groups;
    public LiveSnapshot? Latest { get; private set; }
    public LiveSort Sort { get; set; } = LiveSort.Rate;
    /// <summary>Ascending instead of the sort's natural order (largest first; names A to Z).</summary>
    public bool Reversed { get; set; }
    /// <summary>Only groups with a key value containing this (case-insensitive); empty for all.</summary>
    public string Filter { get; set; } = "";

    /// <summary>The interval's rows, every group, in no particular order.</summary>
    public IReadOnlyList<LiveGroupRow> Rows => rows;

    public void Add(LiveSnapshot snapshot)
    {
        Latest = snapshot;
        rows = Groups.Of(snapshot);
        foreach (var row in rows)
            peaks[row.Id] = Math.Max(peaks.GetValueOrDefault(row.Id), row.Rate);
    }

    /// <summary>Groups the latest interval again another way; peaks start over, as the groups are new.</summary>
    public void RegroupBy(LiveGroups newGroups)
    {
        Groups = newGroups;
        peaks.Clear();
        if (Latest is { } latest)
            Add(latest);
    }

    /// <summary>The groups that moved payload, filtered and sorted; exited ones only within their retention.</summary>
    public IReadOnlyList<LiveLine> Lines()
    {
        long now = Latest?.EndNs ?? 0;
        var shown = rows
            .Where(r => r.Total.Both > 0)
            .Where(r => r.ExitedNs is not { } exited || now - exited <= exitedRetentionNs)
            .Where(r => Filter.Length == 0 || r.Key.Any(v => v?.ToString()?.Contains(Filter, StringComparison.OrdinalIgnoreCase) == true))
            .Select(r => new LiveLine(r, peaks.GetValueOrDefault(r.Id)));
        var sorted = Sort == LiveSort.Name
            ? shown.OrderBy(l => l.Group.Id, StringComparer.Ordinal)
            : shown.OrderByDescending(SortValue).ThenBy(l => l.Group.Id, StringComparer.Ordinal);
        var lines = sorted.ToList();
        if (Reversed)
            lines.Reverse();
        return lines;
    }

    private double SortValue(LiveLine line) => Sort switch
    {
        LiveSort.Rate => line.Group.Rate,
        LiveSort.TxRate => line.Group.TxRate,
        LiveSort.RxRate => line.Group.RxRate,
        LiveSort.Total => line.Group.Total.Both,
        LiveSort.Peak => line.PeakRate,
        LiveSort.Sockets => line.Group.OpenSockets,
        _ => 0,
    };
}
