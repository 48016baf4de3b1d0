using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// What `pnm diff --format html` shows: the diff as `--format json` prints it, and each side's `pnm timeline` of all
/// its traffic (same filters, window and interval), to be drawn over each other from each side's start.
/// </summary>
public sealed record DiffPage(DiffReport Report, AnalysisReport BaseTimeline, AnalysisReport NewTimeline)
{
    public static DiffPage Build(DiffReport report, DiffSideInput baseSide, DiffSideInput newSide)
    {
        var options = report.Diff.Options;
        AnalysisReport Side(DiffSideInput side) => Timeline.Build(side.Recordings, new ReportOptions
        {
            GroupBy = [], Filter = options.Filter, Since = side.Since, Until = side.Until, Interval = options.Interval,
        }, groups: 1);
        return new DiffPage(report, Side(baseSide), Side(newSide));
    }
}
