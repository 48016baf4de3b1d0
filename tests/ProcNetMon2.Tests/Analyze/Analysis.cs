using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Writes test recordings, runs one analysis over them, and reads its rows by column name.</summary>
internal static class Analysis
{
    public static AnalysisReport Run(TemporaryDirectory directory, Func<RecordingSet, ReportOptions, AnalysisReport> build,
        ReportOptions? options, params TestRecording[] recordings)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        var paths = recordings.Select((recording, i) => recording.WriteTo(directory.File($"recording-{run}-{i}.db"))).ToList();
        using var set = RecordingSet.Open(paths);
        return build(set, options ?? new ReportOptions());
    }

    public static AnalysisReport Report(TemporaryDirectory directory, TestRecording recording, ReportOptions? options = null) =>
        Run(directory, TrafficReport.Build, options, recording);

    /// <summary>The values of one column, row by row.</summary>
    public static List<object?> Column(this AnalysisReport report, string column)
    {
        int index = report.Table.IndexOf(column);
        if (index < 0)
            throw new ArgumentException($"no column {column}");
        return report.Table.Rows.Select(row => row[index]).ToList();
    }

    public static object? Cell(this AnalysisReport report, int row, string column) => report.Table.Rows[row][report.Table.IndexOf(column)];

    /// <summary>One row as column → value.</summary>
    public static Dictionary<string, object?> Row(this AnalysisReport report, int row) =>
        report.Table.Columns.Select((c, i) => (c.Name, Value: report.Table.Rows[row][i])).ToDictionary(p => p.Name, p => p.Value);

    public static ReportOptions Between(double fromSeconds, double toSeconds) => new()
    {
        Since = new TimeBound.AfterStart(TimeSpan.FromSeconds(fromSeconds)),
        Until = new TimeBound.AfterStart(TimeSpan.FromSeconds(toSeconds)),
    };
}
