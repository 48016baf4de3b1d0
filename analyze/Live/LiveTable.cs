using System.Globalization;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Live;

/// <summary>The live view's rows as text cells: the group's key, then its figures.</summary>
public static class LiveTable
{
    public static readonly IReadOnlyList<string> FigureHeaders = ["TX/S", "RX/S", "TX TOTAL", "RX TOTAL", "PEAK/S", "SOCKETS", "REMOTE", "APP"];
    /// <summary>The figures before REMOTE and APP are numbers.</summary>
    private const int NumericFigures = 6;

    public static IReadOnlyList<string> Headers(LiveGroups groups) =>
        [.. groups.Columns.Select(c => c.Replace('_', ' ').ToUpperInvariant()), .. FigureHeaders];

    /// <summary>Which columns hold numbers (right-aligned).</summary>
    public static bool IsNumeric(LiveGroups groups, int column) =>
        column < groups.Columns.Count ? GroupFields.IsNumeric(groups.Columns[column]) : column - groups.Columns.Count < NumericFigures;

    public static string[] Cells(LiveLine line)
    {
        var group = line.Group;
        return
        [
            .. group.Key.Select(Key),
            LiveHeader.Rate(group.TxRate),
            LiveHeader.Rate(group.RxRate),
            HumanBytes.Format(group.Total.Tx),
            HumanBytes.Format(group.Total.Rx),
            LiveHeader.Rate(line.PeakRate),
            group.OpenSockets.ToString(CultureInfo.InvariantCulture),
            Key(group.BusiestRemote),
            Key(group.App),
        ];
    }

    private static string Key(object? value) =>
        value is null ? "-" : TerminalSafeText.From(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}
