using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// What `pnm diff --format html` shows: the diff as `--format json` prints it, and each side's `pnm timeline` of all
/// its traffic (same filters, window and interval), to be drawn over each other from each side's start.
/// </summary>
public sealed record DiffPage(DiffReport Report, TimelineSeries BaseTimeline, TimelineSeries NewTimeline)
{
    /// <exception cref="ArgumentException">The diff was built without its timelines.</exception>
    public static DiffPage Build(DiffReport report) => report.Diff.Timelines is { } timelines
        ? new DiffPage(report, timelines.Base, timelines.New)
        : throw new ArgumentException("the diff was built without its sides' timelines", nameof(report));
}
