using System.Text.Json;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>`pnm report --format json` of a recording, as a user would read it.</summary>
internal sealed class PnmReport
{
    private readonly JsonElement root;

    private PnmReport(JsonElement root) => this.root = root;

    public static PnmReport Of(string recording, params string[] extraArgs)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm, ["report", recording, "--format", "json", .. extraArgs]);
        Assert.True(code == 0, $"pnm report failed ({code}): {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return new PnmReport(doc.RootElement.Clone());
    }

    public long LostEvents => root.GetProperty("lost_events").GetInt64();

    /// <summary>Packets the kernel's full flow map could not count in the window; null when the report names none.</summary>
    public long? FlowUpdatesLost => root.TryGetProperty("flow_updates_lost", out var lost) ? lost.GetInt64() : null;

    public bool WireBytesAreLowerBounds =>
        root.TryGetProperty("wire_bytes_are_lower_bounds", out var lowerBounds) && lowerBounds.GetBoolean();
    /// <summary>Calls the kernel summed for want of ring space (the field is there only when some were).</summary>
    public long SummarizedCalls => root.TryGetProperty("summarized_calls", out var calls) ? calls.GetInt64() : 0;

    /// <summary>Each program's payload bytes, as it counted them itself, are what the report says of its pid.</summary>
    public void AssertBytesOf(params TrafficResult[] programs)
    {
        foreach (var program in programs)
            Assert.Equal((program.Sent, program.Received), BytesOf(program.Pid));
    }

    /// <summary>Payload bytes of every process row of this pid (an exec starts a new row).</summary>
    public (long Tx, long Rx) BytesOf(int pid)
    {
        long tx = 0, rx = 0;
        foreach (var process in Rows.Where(p => PidOf(p) == pid))
        {
            tx += process.GetProperty("tx_bytes").GetInt64();
            rx += process.GetProperty("rx_bytes").GetInt64();
        }
        return (tx, rx);
    }

    /// <summary>Payload bytes per group of these key columns (their values joined by '/', null as "-"), groups that moved any.</summary>
    public Dictionary<string, (long Tx, long Rx)> BytesBy(params string[] columns) =>
        Rows.Select(row => (Key: GroupKeyText.Of(row, columns), Tx: row.GetProperty("tx_bytes").GetInt64(), Rx: row.GetProperty("rx_bytes").GetInt64()))
            .Where(row => row.Tx + row.Rx > 0)
            .ToDictionary(row => row.Key, row => (row.Tx, row.Rx));

    /// <summary>Retransmits of every process row of this pid, as the report's retransmits column shows them.</summary>
    public long RetransmitsOf(int pid) =>
        Rows.Where(p => PidOf(p) == pid).Sum(p => p.GetProperty("retransmits").GetInt64());

    public IReadOnlyList<int> Pids =>
        Rows.Select(PidOf).OfType<int>().Distinct().ToList();

    public bool HasProcess(int pid) =>
        Rows.Any(p => PidOf(p) == pid);

    public IEnumerable<string> ProcessNames(int pid) =>
        Rows
            .Where(p => PidOf(p) == pid)
            .Select(p => p.GetProperty("comm").GetString()!);

    private IEnumerable<JsonElement> Rows => root.GetProperty("rows").EnumerateArray();

    /// <summary>Null for events of a process the recording has no details of.</summary>
    private static int? PidOf(JsonElement row) =>
        row.GetProperty("pid") is { ValueKind: JsonValueKind.Number } pid ? pid.GetInt32() : null;
}
