using System.Globalization;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>One value as text: readable for the table, exact for csv.</summary>
internal static class CellText
{
    public static string Readable(object? value, ColumnKind kind, TimeZoneInfo zone) => (value, kind) switch
    {
        (null, _) => "-",
        (PeakTalkers talkers, _) => TerminalSafeText.From(TalkersText(talkers)),
        (TerminalBar bar, _) => bar.Text,
        (_, ColumnKind.Bytes) => HumanBytes.Format(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        (_, ColumnKind.Rate) => HumanBytes.Format(Convert.ToDouble(value, CultureInfo.InvariantCulture)) + "/s",
        (long ns, ColumnKind.Time) => ReportTime.Readable(ns, zone),
        (_, ColumnKind.Seconds) => string.Create(CultureInfo.InvariantCulture, $"{Convert.ToDouble(value, CultureInfo.InvariantCulture):0.000} s"),
        (_, ColumnKind.Percent) => string.Create(CultureInfo.InvariantCulture, $"{Convert.ToDouble(value, CultureInfo.InvariantCulture):0.0} %"),
        (double d, _) => d.ToString("0.###", CultureInfo.InvariantCulture),
        (long l, _) => l.ToString(CultureInfo.InvariantCulture),
        _ => TerminalSafeText.From(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Shortest text that reads back as the same value; empty for a missing value.</summary>
    public static string Exact(object? value, ColumnKind kind, TimeZoneInfo zone) => (value, kind) switch
    {
        (null, _) => "",
        (PeakTalkers talkers, _) => TalkersText(talkers),
        (long ns, ColumnKind.Time) => ReportTime.Precise(ns, zone),
        (IFormattable number, _) => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>"curl[100] 2.0 KiB, wget[200] 10 B, +2 more".</summary>
    private static string TalkersText(PeakTalkers talkers) =>
        string.Join(", ", talkers.Busiest.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Comm ?? "?"}[{(object?)t.Pid ?? "?"}] {HumanBytes.Format(t.Bytes)}")))
        + (talkers.Others > 0 ? $", +{talkers.Others} more" : "");
}
