namespace ProcNetMon2.Analyze.Reports;

/// <summary>The options every analysis command shares.</summary>
public sealed record ReportOptions
{
    /// <summary>Null: the command's own default grouping.</summary>
    public IReadOnlyList<GroupField>? GroupBy { get; init; }
    public TrafficFilter Filter { get; init; } = TrafficFilter.None;
    public TimeBound? Since { get; init; }
    public TimeBound? Until { get; init; }
    /// <summary>Null: the command's own default interval.</summary>
    public TimeSpan? Interval { get; init; }

    public AnalysisWindow WindowOf(RecordingSet recordings) => recordings.SelectWindow(Since, Until);

    public static long Nanoseconds(TimeSpan span) => span.Ticks * 100;
}
