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

    /// <summary>The payload bytes of every interval, added up per group of these fields (their values joined by '/', null as "-").</summary>
    public Dictionary<string, (long Tx, long Rx)> BytesBy(params string[] fields) =>
        lines.GroupBy(l => GroupKeyText.Of(l, fields)).ToDictionary(g => g.Key, g => Sum(g));

    /// <summary>The values one field takes, line by line.</summary>
    public IEnumerable<string> Values(string field) => lines.Select(l => GroupKeyText.Of(l, [field]));

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

/// <summary>A group's key in `pnm top --format jsonl` lines and `pnm report --format json` rows alike.</summary>
internal static class GroupKeyText
{
    public static string Of(JsonElement row, IEnumerable<string> fields) => string.Join('/', fields.Select(field => row.GetProperty(field) switch
    {
        { ValueKind: JsonValueKind.Null } => "-",
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        var other => other.GetRawText(),
    }));
}
