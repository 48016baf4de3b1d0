using System.Data.Common;
using DuckDB.NET.Data;
using ProcNetMon2.Analyze.Export;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>The Parquet export as an independent reader, DuckDB, sees it: column types, every row, and sums worked out by hand.</summary>
public sealed class ParquetDuckDbTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly DuckDBConnection duckDb = new("DataSource=:memory:");

    public ParquetDuckDbTests() => duckDb.Open();

    [Fact]
    public async Task DuckDB_reads_the_columns_with_their_types()
    {
        string path = await ExportAsync();

        var columns = Query($"DESCRIBE SELECT * FROM '{path}'", r => (r.GetString(0), r.GetString(1)));

        Assert.Equal(
        [
            ("ts_ns", "BIGINT"), ("time", "TIMESTAMP WITH TIME ZONE"), ("pid", "INTEGER"), ("tid", "INTEGER"), ("comm", "VARCHAR"),
            ("exe", "VARCHAR"), ("uid", "INTEGER"), ("user", "VARCHAR"), ("container", "VARCHAR"), ("process_id", "BIGINT"), ("socket_id", "BIGINT"),
            ("direction", "VARCHAR"), ("bytes", "BIGINT"), ("calls", "BIGINT"), ("protocol", "VARCHAR"), ("local_addr", "VARCHAR"), ("local_port", "INTEGER"),
            ("remote_addr", "VARCHAR"), ("remote_port", "INTEGER"), ("app", "VARCHAR"),
        ], columns);
    }

    [Fact]
    public async Task DuckDB_reads_every_row()
    {
        string path = await ExportAsync();

        var rows = Query($"SELECT * REPLACE (epoch_us(time) AS time) FROM '{path}'", r => new ExportedRow(
            r.GetInt64(0), DateTime.UnixEpoch.AddTicks(r.GetInt64(1) * 10), Int(r, 2), r.GetInt32(3), Text(r, 4), Text(r, 5), Int(r, 6), Text(r, 7), Text(r, 8),
            r.GetInt64(9), r.GetInt64(10), r.GetString(11), r.GetInt64(12), r.GetInt64(13), Text(r, 14), Text(r, 15), Int(r, 16), Text(r, 17), Int(r, 18),
            Text(r, 19)));

        using var source = ExportRecording.Create().Open(directory, "expected.db");
        var expected = ExportedRow.Of(source, source.ReadProcesses(), source.ReadSockets()).Select(r => r.WithMicrosecondTime());
        ExportedRow.AssertEqual(ExportedRow.InParquetOrder(expected, ParquetEventExporter.DefaultRowsPerGroup), rows);
    }

    [Fact]
    public async Task DuckDB_sums_bytes_per_process_as_worked_out_by_hand()
    {
        string path = await ExportAsync();

        var sums = Query(
            $"SELECT pid, comm, direction, sum(bytes)::BIGINT, count(DISTINCT socket_id)::BIGINT FROM '{path}' GROUP BY ALL ORDER BY pid NULLS LAST, direction DESC",
            r => (Int(r, 0), Text(r, 1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)));

        Assert.Equal(
        [
            (1200, "curl", "tx", 517L, 1L),
            (1200, "curl", "rx", 1_572_864L + 4096, 1L),
            (3000, "nginx", "tx", 65_536L, 1L),
            (3000, "nginx", "rx", 2048L + 300, 1L),
            (4321, "my,app \"v2\"", "tx", 100L, 1L),
            (4321, "my,app \"v2\"", "rx", 50L, 1L),
            (null, null, "tx", 7L, 1L),
        ], sums);
    }

    [Fact]
    public async Task DuckDB_counts_a_summarized_row_as_its_calls()
    {
        string path = await ExportAsync();

        var (rows, calls, summarized) = Query($"SELECT count(*), sum(calls)::BIGINT, count(*) FILTER (WHERE calls > 1) FROM '{path}'",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2))).Single();

        Assert.Equal((9L, 8L + 4, 1L), (rows, calls, summarized));
    }

    [Fact]
    public async Task DuckDB_sees_wall_clock_times()
    {
        string path = await ExportAsync();

        var times = Query($"SELECT strftime(time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') FROM '{path}' ORDER BY time", r => r.GetString(0));

        Assert.Equal(
        [
            "2025-01-01T00:00:00.100000", "2025-01-01T00:00:00.500000", "2025-01-01T00:00:01.250000", "2025-01-01T00:00:01.250000",
            "2025-01-01T00:00:02.000000", "2025-01-01T00:00:02.000000", "2025-01-01T00:00:02.500000", "2025-01-01T00:00:03.000000",
            "2025-01-01T00:00:03.999999",
        ], times);
    }

    private async Task<string> ExportAsync()
    {
        using var source = ExportRecording.Create().Open(directory);
        string path = directory.File("events.parquet");
        await using (var stream = File.Create(path))
            await new ParquetEventExporter().ExportAsync(source, stream);
        return path;
    }

    private List<T> Query<T>(string sql, Func<DbDataReader, T> read)
    {
        using var command = duckDb.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(read(reader));
        return rows;
    }

    private static int? Int(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt32(column);

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public void Dispose()
    {
        duckDb.Dispose();
        directory.Dispose();
    }
}
