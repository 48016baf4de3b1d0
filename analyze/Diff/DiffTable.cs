using System.Globalization;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// A diff as rows: the whole first, then one row per group; per shown metric its base, new, delta,
/// relative delta (percent), the rank test's p-value (rate metrics) and the change as people read it.
/// </summary>
public static class DiffTable
{
    public const string StatusColumn = "status";

    public static ResultTable Build(DiffResult diff)
    {
        var columns = diff.KeyColumns.Select(TrafficReport.KeyColumn).Append(new ResultColumn(StatusColumn, ColumnKind.Text)).ToList();
        foreach (var metric in diff.Shown)
        {
            columns.Add(new ResultColumn($"{metric.Name}_base", metric.Kind));
            columns.Add(new ResultColumn($"{metric.Name}_new", metric.Kind));
            columns.Add(new ResultColumn($"{metric.Name}_delta", metric.Kind == ColumnKind.Integer ? ColumnKind.Real : metric.Kind));
            columns.Add(new ResultColumn($"{metric.Name}_rel", ColumnKind.Percent));
            if (metric.IsTested)
                columns.Add(new ResultColumn($"{metric.Name}_p", ColumnKind.Real));
            columns.Add(new ResultColumn($"{metric.Name}_change", ColumnKind.Text));
        }
        var rows = diff.Groups.Prepend(diff.Whole).Select(group => Row(diff, group)).ToList();
        return new ResultTable(columns, rows);
    }

    private static object?[] Row(DiffResult diff, GroupChange group)
    {
        var cells = new List<object?>(group.Presence == GroupPresence.Whole ? diff.KeyColumns.Select(_ => (object?)null) : group.Key)
        {
            GroupChange.PresenceName(group.Presence),
        };
        foreach (var metric in diff.Shown)
        {
            var change = group.Metrics[metric.Name];
            cells.Add(Exact(change.Base, metric.Kind));
            cells.Add(Exact(change.New, metric.Kind));
            cells.Add(change.Delta);
            cells.Add(change.Relative);
            if (metric.IsTested)
                cells.Add(change.PValue);
            cells.Add(ChangeText(group.Presence, change, metric.IsTested));
        }
        return [.. cells];
    }

    /// <summary>Counts stay integers, so csv and json print them exactly.</summary>
    private static object? Exact(double? value, ColumnKind kind) =>
        value is { } v && kind is ColumnKind.Bytes or ColumnKind.Integer ? (long)v : value;

    /// <summary>
    /// new or gone for a group on one side only; ~ for a rate change the rank test does not find significant;
    /// = for no change; "from 0" for a change from zero; else the signed relative change.
    /// </summary>
    public static string? ChangeText(GroupPresence presence, MetricChange change, bool tested) => presence switch
    {
        GroupPresence.New => "new",
        GroupPresence.Gone => "gone",
        _ when change.Base is null || change.New is null => null,
        _ when tested && !change.Significant => "~",
        _ when change.Delta == 0 => "=",
        _ when change.Relative is null => "from 0",
        _ => string.Create(CultureInfo.InvariantCulture, $"{change.Relative:+0.0;-0.0;0.0}%"),
    };
}
