using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>One side of a diff: recordings and the window read from them.</summary>
public sealed record DiffSideInput(RecordingSet Recordings, TimeBound? Since = null, TimeBound? Until = null);

/// <summary>How the two sides are compared.</summary>
public sealed record DiffOptions
{
    public static readonly IReadOnlyList<GroupField> DefaultGroupBy = [GroupField.Comm];
    public const double DefaultAlpha = 0.05;

    public IReadOnlyList<GroupField> GroupBy { get; init; } = DefaultGroupBy;
    public TrafficFilter Filter { get; init; } = TrafficFilter.None;
    /// <summary>The interval of the per-interval rates (percentiles, peaks, the rank test).</summary>
    public TimeSpan Interval { get; init; } = TrafficReport.DefaultInterval;
    /// <summary>Compare window totals instead of rates.</summary>
    public bool Totals { get; init; }
    /// <summary>The metrics shown; null for the default ones, ["all"] for every one.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    /// <summary>
    /// Metrics, besides the shown ones, whose rank test is wanted (those --fail-if conditions name): the
    /// test of a metric neither shown nor named is skipped, and its p-value left empty.
    /// </summary>
    public IReadOnlyList<string> AlsoTested { get; init; } = [];
    /// <summary>A rank test's p-value below this makes a change significant.</summary>
    public double Alpha { get; init; } = DefaultAlpha;
}

/// <summary>Where a group was seen.</summary>
public enum GroupPresence
{
    /// <summary>The whole traffic of each side, not a group.</summary>
    Whole,
    Matched,
    New,
    Gone,
}

/// <summary>One metric of one group on both sides. <see cref="Relative"/> is in percent, null when the base is 0 and the new value is not.</summary>
public sealed record MetricChange(double? Base, double? New, double? Delta, double? Relative, double? PValue, bool Significant);

/// <summary>A group (or the whole) compared between the sides.</summary>
public sealed record GroupChange(IReadOnlyList<object?> Key, GroupPresence Presence, IReadOnlyDictionary<string, MetricChange> Metrics)
{
    /// <summary>The key as a user names it: its values joined by commas, '-' for a missing one.</summary>
    public string KeyText => string.Join(',', Key.Select(v => v?.ToString() ?? "-"));

    public static string PresenceName(GroupPresence presence) => presence switch
    {
        GroupPresence.Whole => "all",
        GroupPresence.Matched => "matched",
        GroupPresence.New => "new",
        _ => "gone",
    };
}

/// <summary>What exists in NEW and not in BASE: remote endpoints, application protocols, programs, users.</summary>
public sealed record NewSinceBase(IReadOnlyList<string> Remotes, IReadOnlyList<string> Apps, IReadOnlyList<string> Programs, IReadOnlyList<string> Users)
{
    public bool IsEmpty => Remotes.Count + Apps.Count + Programs.Count + Users.Count == 0;

    /// <summary>Each kind's items, by the kind's singular name (remote, app, program, user).</summary>
    public IEnumerable<(string Kind, IReadOnlyList<string> Items)> ByKind =>
        [("remote", Remotes), ("app", Apps), ("program", Programs), ("user", Users)];

    /// <summary>As the JSON object "new_since_base": one array per kind ("remotes", "apps", …).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject("new_since_base");
        foreach (var (kind, items) in ByKind)
        {
            json.WriteStartArray(kind + "s");
            foreach (string item in items)
                json.WriteStringValue(item);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}

/// <summary>Everything a diff found; <see cref="Metrics"/> holds every metric of the mode, <see cref="Shown"/> those to print.</summary>
public sealed record DiffResult(
    AnalysisSummary Base,
    AnalysisSummary New,
    IReadOnlyList<string> KeyColumns,
    GroupChange Whole,
    IReadOnlyList<GroupChange> Groups,
    IReadOnlyList<DiffMetric> Metrics,
    IReadOnlyList<DiffMetric> Shown,
    NewSinceBase NewSinceBase,
    IReadOnlyList<string> Warnings,
    DiffOptions Options)
{
    /// <summary>Each side's `pnm timeline` of all its traffic (same filter, window and interval), when the diff was built with them.</summary>
    public (TimelineSeries Base, TimelineSeries New)? Timelines { get; init; }
}
