using System.Globalization;
using DuckDB.NET.Data;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// pnm report's figures as SQL over a pnm export in Parquet, defined as pnm defines them: per process
/// (pid, comm) tx and rx bytes, the peak one-second tx and rx (seconds counted from the recording's
/// start), the nearest-rank p50/p95/p99 of the per-second tx + rx over every second of the recording
/// (silent ones count as 0 B/s), and the number of sockets.
/// </summary>
internal sealed class DuckDbReportQuery(string parquet, long startedNs, long stoppedNs)
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    public sealed record Row(int Pid, string Comm, long TxBytes, long RxBytes, long PeakTx, long PeakRx, long[] Percentiles, long Sockets);

    public static readonly double[] PercentileRanks = [50, 95, 99];

    // sum() of BIGINT is a HUGEINT in DuckDB: cast back so every reader gets a long.
    private string Common => $"""
        WITH events AS (
            SELECT process_id, pid, comm, socket_id, bytes, direction = 'tx' AS is_tx,
                   (ts_ns - {Number(startedNs)}) // {Number(NanosecondsPerSecond)} AS second
            FROM read_parquet('{parquet.Replace("'", "''")}')),
        per_process AS (
            SELECT process_id, any_value(pid) AS pid, any_value(comm) AS comm,
                   coalesce(sum(bytes) FILTER (WHERE is_tx), 0)::BIGINT AS tx_bytes,
                   coalesce(sum(bytes) FILTER (WHERE NOT is_tx), 0)::BIGINT AS rx_bytes,
                   count(DISTINCT socket_id) AS sockets
            FROM events GROUP BY process_id),
        per_second AS (
            SELECT process_id, second,
                   coalesce(sum(bytes) FILTER (WHERE is_tx), 0)::BIGINT AS tx,
                   coalesce(sum(bytes) FILTER (WHERE NOT is_tx), 0)::BIGINT AS rx
            FROM events GROUP BY process_id, second)
        """;

    /// <summary>Everything pnm report shows of these columns, percentiles included.</summary>
    public IReadOnlyList<Row> Full(DuckDBConnection connection)
    {
        long seconds = Math.Max(1, (stoppedNs - startedNs + NanosecondsPerSecond - 1) / NanosecondsPerSecond);
        // Rank ⌈p/100 · N⌉ of all N seconds ascending; the silent seconds are the lowest ranks.
        var percentiles = PercentileRanks.Select(p =>
        {
            long rank = Math.Max(1, (long)Math.Ceiling(p / 100 * seconds));
            return $"CASE WHEN {rank} <= {seconds} - len(r.busy) THEN 0 ELSE r.busy[{rank} - ({seconds} - len(r.busy))] END";
        });
        return Read(connection, $"""
            {Common},
            rates AS (
                SELECT process_id, max(tx) AS peak_tx, max(rx) AS peak_rx, list_sort(list(tx + rx)) AS busy
                FROM per_second GROUP BY process_id)
            SELECT p.pid, p.comm, p.tx_bytes, p.rx_bytes, r.peak_tx, r.peak_rx, p.sockets, [{string.Join(", ", percentiles)}]
            FROM per_process p JOIN rates r USING (process_id)
            """);
    }

    /// <summary>Totals, peaks and sockets only: no per-process list of seconds to sort.</summary>
    public IReadOnlyList<Row> WithoutPercentiles(DuckDBConnection connection) => Read(connection, $"""
        {Common}
        SELECT p.pid, p.comm, p.tx_bytes, p.rx_bytes, max(b.tx), max(b.rx), p.sockets, NULL
        FROM per_process p JOIN per_second b USING (process_id)
        GROUP BY p.process_id, p.pid, p.comm, p.tx_bytes, p.rx_bytes, p.sockets
        """);

    private static List<Row> Read(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
            rows.Add(new Row(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.IsDBNull(7) ? [] : [.. reader.GetFieldValue<List<long>>(7)], reader.GetInt64(6)));
        return rows;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
