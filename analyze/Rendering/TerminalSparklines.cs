using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// A `pnm timeline` answer drawn for a terminal: one row per group with its busiest interval's rate and its rate over
/// the whole window as a sparkline of block characters (▁ to █), each character the busiest of the intervals it
/// covers, against the group's own busiest interval; a silent stretch is blank. Never in a pipe, a file, csv or json.
/// </summary>
public static class TerminalSparklines
{
    private static readonly char[] Levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    public const int DefaultWidth = 48;

    /// <summary>
    /// At most <paramref name="width"/> characters, one per value when they fit, else each the largest of an equal share
    /// of them (in order). Zero is a space, any value above zero at least ▁, the largest █.
    /// </summary>
    public static string Of(IReadOnlyList<double> values, int width)
    {
        if (values.Count == 0 || width <= 0)
            return "";
        int characters = Math.Min(width, values.Count);
        var buckets = new double[characters];
        for (int i = 0; i < values.Count; i++)
        {
            int bucket = (int)((long)i * characters / values.Count);
            double value = double.IsNaN(values[i]) ? 0 : values[i];
            buckets[bucket] = Math.Max(buckets[bucket], value);
        }
        double largest = buckets.Max();
        return string.Create(characters, (buckets, largest), static (text, state) =>
        {
            for (int i = 0; i < text.Length; i++)
            {
                double value = state.buckets[i];
                text[i] = value <= 0 || state.largest <= 0
                    ? ' '
                    : Levels[Math.Clamp((int)Math.Ceiling(value / state.largest * Levels.Length) - 1, 0, Levels.Length - 1)];
            }
        });
    }

    /// <summary>
    /// One row per group of a timeline (its key columns, the busiest interval's rate, the sparkline), in the timeline's
    /// order (busiest group first); null for a table that is not a timeline.
    /// </summary>
    public static ResultTable? Table(ResultTable timeline, int width = DefaultWidth)
    {
        int time = timeline.IndexOf("time"), txBytes = timeline.IndexOf("tx_bytes"), txRate = timeline.IndexOf("tx_rate"), rxRate = timeline.IndexOf("rx_rate");
        if (time != 0 || txBytes < 1 || txRate < 0 || rxRate < 0)
            return null;
        var keyColumns = timeline.Columns.Take(txBytes).Skip(1).ToList();
        var groups = new List<(object?[] Key, List<double> Rates)>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in timeline.Rows)
        {
            var key = row[1..txBytes];
            string name = string.Join('\u001f', key.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "\u0000"));
            if (!byKey.TryGetValue(name, out int index))
            {
                byKey.Add(name, index = groups.Count);
                groups.Add((key, []));
            }
            groups[index].Rates.Add(Rate(row[txRate]) + Rate(row[rxRate]));
        }
        var columns = new List<ResultColumn>(keyColumns.Count == 0 ? [new ResultColumn("group", ColumnKind.Text)] : keyColumns)
        {
            new("peak_rate", ColumnKind.Rate), new("rate_over_time", ColumnKind.Text),
        };
        var rows = groups.Select(g => (object?[])[
            .. keyColumns.Count == 0 ? ["all traffic"] : g.Key, g.Rates.DefaultIfEmpty(0).Max(), Of(g.Rates, width),
        ]).ToList();
        return new ResultTable(columns, rows);
    }

    private static double Rate(object? value) => value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
