namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// The timeline of a scan's busiest groups, one series per group: each interval's bytes sent and received, silent
/// intervals included. `pnm timeline` prints it as rows (<see cref="Timeline.From"/>); the HTML pages draw it as is.
/// </summary>
/// <param name="Window">The scan's window: the first interval starts at its start.</param>
/// <param name="BusyGroups">Groups with any traffic in the window, drawn or not.</param>
public sealed record TimelineSeries(IReadOnlyList<TimelineGroup> Groups, AnalysisWindow Window, long IntervalNs, long Intervals, int BusyGroups,
    LossSummary Losses)
{
    public double IntervalSeconds => IntervalNs / 1e9;

    public long IntervalStartWallNs(long interval) => Window.StartWallNs + interval * IntervalNs;

    /// <summary>The rate of an interval's bytes, as every output of the timeline gives it.</summary>
    public double Rate(long bytes) => bytes / IntervalSeconds;
}

/// <summary>One group's bytes per interval of a <see cref="TimelineSeries"/>.</summary>
public sealed record TimelineGroup(IReadOnlyList<object?> Key, long[] Tx, long[] Rx);
