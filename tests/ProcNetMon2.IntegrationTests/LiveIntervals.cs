using System.Text.Json;

namespace ProcNetMon2.IntegrationTests;

/// <summary>`pnm top --format jsonl` output: one JSON object per interval and group.</summary>
internal sealed class LiveIntervals
{
    private readonly List<JsonElement> lines;

    private LiveIntervals(List<JsonElement> lines) => this.lines = lines;

    public static LiveIntervals Parse(string jsonl) => new(jsonl
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.Clone();
        })
        .ToList());

    public int Count => lines.Count;

    /// <summary>The payload bytes of every interval of this pid, added up.</summary>
    public (long Tx, long Rx) BytesOf(int pid) => Sum(lines.Where(l => l.GetProperty("pid") is { ValueKind: JsonValueKind.Number } p && p.GetInt32() == pid));

    /// <summary>The intervals in which this pid moved payload.</summary>
    public int IntervalsOf(int pid) => lines.Count(l => l.GetProperty("pid") is { ValueKind: JsonValueKind.Number } p && p.GetInt32() == pid);

    public (long Tx, long Rx) BytesOf(string field, string value) =>
        Sum(lines.Where(l => l.GetProperty(field).GetString() == value));

    private static (long Tx, long Rx) Sum(IEnumerable<JsonElement> rows)
    {
        long tx = 0, rx = 0;
        foreach (var row in rows)
        {
            tx += row.GetProperty("tx_bytes").GetInt64();
            rx += row.GetProperty("rx_bytes").GetInt64();
        }
        return (tx, rx);
    }
}
