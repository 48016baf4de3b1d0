using System.Globalization;
using System.Text.Json;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>
/// docs/fleet.md's DuckDB queries, as written there, over a dataset of three hosts' recordings: each gives
/// exactly what pnm gives over the same recordings.
/// </summary>
public sealed class FleetQueryTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly string[] recordings;
    private readonly string dataset;

    public FleetQueryTests()
    {
        recordings = FleetRecordings.Write(directory);
        dataset = directory.File("fleet");
        var export = PnmRun.Of(["export", .. recordings, "--dataset", dataset]).GetAwaiter().GetResult();
        Assert.True(export.Code == 0, export.Error);
    }

    [Fact]
    public async Task The_report_query_gives_pnm_reports_figures_by_host_and_comm()
    {
        var pnm = await PnmRows("report", "--group-by", "host,comm");
        var duckDb = FleetQueries.Run("report", dataset);

        string[] figures = ["tx_bytes", "rx_bytes", "avg_tx_rate", "avg_rx_rate", "peak_tx_rate", "peak_rx_rate", "p50_rate", "p95_rate", "p99_rate"];
        Assert.Equal(3 * 3, pnm.Count);
        Assert.Equal(pnm.Select(r => (r["host"].GetString(), r["comm"].GetString())), duckDb.Select(r => ((string?)r["host"], (string?)r["comm"])));
        for (int i = 0; i < pnm.Count; i++)
            foreach (string figure in figures)
                Assert.True(pnm[i][figure].GetDouble() == Convert.ToDouble(duckDb[i][figure], CultureInfo.InvariantCulture),
                    $"{duckDb[i]["host"]} {duckDb[i]["comm"]} {figure}: pnm {pnm[i][figure].GetDouble()}, DuckDB {duckDb[i][figure]}");
    }

    [Fact]
    public async Task The_report_query_sees_every_byte_once_and_a_busy_second_in_its_p95()
    {
        var duckDb = FleetQueries.Run("report", dataset);

        using var set = ProcNetMon2.Analyze.RecordingSet.Open(recordings);
        long sent = set.Recordings.Sum(r => r.Source.ReadEvents().Where(e => e.Direction == Direction.Tx).Sum(e => e.Bytes) + r.SummarizedIo.Where(s => s.Direction == Direction.Tx).Sum(s => s.Bytes));
        Assert.Equal(sent, duckDb.Sum(r => (long)r["tx_bytes"]!));
        Assert.Contains(duckDb, r => Convert.ToInt64(r["p95_rate"], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task The_peaks_query_gives_pnm_peaks_busiest_seconds_per_host()
    {
        var pnm = await PnmRows("peaks", "--group-by", "host", "--window", "1s", "--step", "1s");
        var duckDb = FleetQueries.Run("peaks", dataset);

        Assert.Equal(FleetRecordings.Hosts.Length * 5, pnm.Count);
        Assert.Equal(
            pnm.Select(r => (r["host"].GetString(), r["rank"].GetInt64(), r["start"].GetString()![..26], r["tx_bytes"].GetInt64(), r["rx_bytes"].GetInt64()))
                .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2),
            duckDb.Select(r => ((string?)r["host"], (long)r["rank"]!, ((DateTime)r["start"]!).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
                (long)r["tx_bytes"]!, (long)r["rx_bytes"]!)));
    }

    [Fact]
    public void The_new_remotes_query_finds_the_destinations_first_seen_after_the_time()
    {
        var since = new DateTime(2025, 1, 1, 0, 0, 5, DateTimeKind.Utc);
        var expected = new List<(string, string, DateTime)>();
        foreach (string path in recordings)
        {
            using var source = RecordingFile.Open(path);
            expected.AddRange(source.ReadSockets().Select(s => (source.Info.Host, s.RemoteAddr, Wall(s.FirstSeenNs + source.Info.MonotonicToWallNs))).Where(s => s.Item3 >= since));
        }

        var duckDb = FleetQueries.Run("new-remotes", dataset);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal),
            duckDb.Select(r => ((string)r["host"]!, (string)r["remote_addr"]!, Utc((DateTime)r["first_contact"]!))));
    }

    /// <summary>A TIMESTAMPTZ as DuckDB.NET hands it over (in the machine's zone, or unspecified in UTC).</summary>
    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    /// <summary>Microseconds, as a Parquet timestamp holds them.</summary>
    private static DateTime Wall(long ns) => DateTime.UnixEpoch.AddTicks(ns / 1_000 * 10);

    private async Task<List<Dictionary<string, JsonElement>>> PnmRows(string command, params string[] options)
    {
        var run = await PnmRun.Of([command, .. recordings, .. options, "--format", "json"]);
        Assert.True(run.Code == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(row => row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())).ToList();
    }

    public void Dispose() => directory.Dispose();
}
