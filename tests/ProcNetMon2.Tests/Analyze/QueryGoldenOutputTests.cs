using ProcNetMon2.Analyze.Query;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// Each query renderer's whole output for <see cref="PerProcessTotals"/> over <see cref="GoldenRecording"/>,
/// compared with Golden/query.FORMAT. Set PNM_UPDATE_GOLDEN=1 to rewrite the files after an intended change.
/// </summary>
public sealed class QueryGoldenOutputTests : IDisposable
{
    /// <summary>Integers, reals, text that needs quoting or holds brackets, and NULLs (an event of a process with no row).</summary>
    public const string PerProcessTotals = """
        SELECT p.pid, p.comm,
               SUM(CASE e.direction WHEN 0 THEN e.bytes ELSE 0 END) AS tx_bytes,
               SUM(CASE e.direction WHEN 1 THEN e.bytes ELSE 0 END) AS rx_bytes,
               SUM(e.bytes) * 1e9 / (r.stopped_ns - r.started_ns) AS bytes_per_sec
        FROM events e LEFT JOIN processes p USING (process_id), recording r
        GROUP BY e.process_id ORDER BY SUM(e.bytes) DESC, e.process_id
        """;

    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData(ReportRenderers.Table, "query.txt")]
    [InlineData(ReportRenderers.Json, "query.json")]
    [InlineData(ReportRenderers.Csv, "query.csv")]
    public void Output_matches_the_golden_file(string format, string goldenFile)
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var database = QueryDatabase.Open(GoldenRecording.Create().WriteTo(directory.File("golden.db"))))
        using (var query = database.Prepare(PerProcessTotals))
            QueryRenderers.Create(format).Render(query.Execute(), output);

        GoldenFile.AssertMatches(goldenFile, output.ToString());
    }

    [Fact]
    public void The_golden_query_answers_what_the_recording_holds()
    {
        using var database = QueryDatabase.Open(GoldenRecording.Create().WriteTo(directory.File("golden.db")));
        using var query = database.Prepare(PerProcessTotals);

        var result = query.Execute();

        Assert.Equal(["pid", "comm", "tx_bytes", "rx_bytes", "bytes_per_sec"], result.Columns);
        // Bytes per process from GoldenRecording's events, over its 4 s.
        object?[][] expected =
        [
            [1200L, "curl", 517L, 1_572_864L + 524_288L, (517 + 1_572_864 + 524_288) / 4.0],
            [880L, "sshd", 2048L + 1000L, 300L, (2048 + 1000 + 300) / 4.0],
            [4321L, "my,app \"v2\"", 100L, 50L, 150 / 4.0],
            [15L, "[kworker/0:1]", 0L, 10L, 10 / 4.0],
            [null, null, 7L, 0L, 7 / 4.0],
        ];
        Assert.Equal(expected, result.Rows.ToArray());
    }

    public void Dispose() => directory.Dispose();
}
