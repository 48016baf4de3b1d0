using System.Text.Json;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// A `pnm timeline` answer as charts want it: its rows (interval by interval, one per group) turned into one rate series
/// per group, with the first interval's start in milliseconds since the epoch and the interval's length.
/// </summary>
internal static class TimelineSeries
{
    /// <param name="keyColumns">The timeline's group key columns, whose values name a series (<see cref="GroupLabel"/>).</param>
    public static void Write(Utf8JsonWriter writer, AnalysisReport timeline, IReadOnlyList<string> keyColumns)
    {
        var table = timeline.Table;
        int time = table.IndexOf("time"), txRate = table.IndexOf("tx_rate"), rxRate = table.IndexOf("rx_rate");
        var keys = keyColumns.Select(table.IndexOf).ToArray();
        var series = new List<(string Label, List<double> Tx, List<double> Rx)>();
        var bySeries = new Dictionary<string, int>(StringComparer.Ordinal);
        long? first = null, second = null;
        foreach (var row in table.Rows)
        {
            long at = (long)row[time]!;
            if (first is null)
                first = at;
            else if (second is null && at != first)
                second = at;
            string label = GroupLabel.Of(keys.Select(k => row[k]));
            if (!bySeries.TryGetValue(label, out int index))
            {
                index = series.Count;
                bySeries[label] = index;
                series.Add((label, [], []));
            }
            series[index].Tx.Add((double)row[txRate]!);
            series[index].Rx.Add((double)row[rxRate]!);
        }
        var window = timeline.Summary.Window;
        writer.WriteNumber("start_ms", Milliseconds(first ?? window.StartWallNs));
        writer.WriteNumber("interval_ms", second is { } next ? (next - first!.Value) / 1e6 : window.Seconds * 1000);
        writer.WriteStartArray("series");
        foreach (var (label, tx, rx) in series)
        {
            writer.WriteStartObject();
            writer.WriteString("label", label);
            WriteNumbers(writer, "tx_rate", tx);
            WriteNumbers(writer, "rx_rate", rx);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static double Milliseconds(long wallNs) => wallNs / 1e6;

    private static void WriteNumbers(Utf8JsonWriter writer, string name, List<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
            writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }
}
