using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ProcNetMon2.Analyze.Live;

/// <summary>
/// The live view for scripts: one JSON object per interval and group that moved payload in it, with the
/// interval's end time, the group's fields, its bytes in the interval and its rates. Summing a group's
/// tx_bytes and rx_bytes over every line gives its totals exactly.
/// </summary>
public static class LiveJsonLines
{
    public static void Write(LiveSnapshot snapshot, LiveGroups groups, IReadOnlyList<LiveGroupRow> rows, TextWriter output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        string time = snapshot.EndTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var row in rows.Where(r => r.Interval.Both > 0).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            buffer.Clear();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("time", time);
                json.WriteNumber("interval_s", Math.Round(snapshot.Seconds, 3));
                for (int i = 0; i < groups.Columns.Count; i++)
                    WriteValue(json, groups.Columns[i], row.Key[i]);
                json.WriteNumber("tx_bytes", row.Interval.Tx);
                json.WriteNumber("rx_bytes", row.Interval.Rx);
                json.WriteNumber("tx_rate", Math.Round(row.TxRate, 1));
                json.WriteNumber("rx_rate", Math.Round(row.RxRate, 1));
                json.WriteNumber("tx_total", row.Total.Tx);
                json.WriteNumber("rx_total", row.Total.Rx);
                json.WriteNumber("sockets", row.OpenSockets);
                json.WriteBoolean("exited", row.Exited);
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        output.Flush();
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case long number:
                json.WriteNumber(name, number);
                break;
            default:
                json.WriteString(name, value.ToString());
                break;
        }
    }
}
