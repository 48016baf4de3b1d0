using System.Globalization;
using DuckDB.NET.Data;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// pnm's per-process report as SQL over a pnm export in Parquet: per process (pid, comm) tx and rx
/// bytes, the peak one-second tx and rx (seconds counted from the recording's start), p50/p95/p99
/// of the per-second rates over every second of the recording (idle seconds count as 0 B/s), and
/// the number of sockets.
/// </summary>
internal sealed class DuckDbReportQuery(string parquet, long startedNs, long stoppedNs)
{
    public sealed record Row(int Pid, string Comm, long TxBytes, long RxBytes, long PeakTx, long PeakRx, double[] TxPercentiles, double[] RxPercentiles, long Sockets);

    // sum() of BIGINT is a HUGEINT in DuckDB: cast back so every reader gets a long.
    private string Common => $"""
        WITH events AS (
            SELECT process_id, pid, comm, socket_id, bytes, direction = 'tx' AS is_tx,
                   (ts_ns - {startedNs.ToString(CultureInfo.InvariantCulture)}) // 1000000000 AS second
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

    /// <summary>Everything the report needs, percentiles included.</summary>
    public IReadOnlyList<Row> Full(DuckDBConnection connection)
    {
        long windows = (stoppedNs - startedNs) / 1_000_000_000 + 1;
        return Read(connection, $"""
            {Common},
            every_second AS (
                SELECT p.process_id, s.second, coalesce(b.tx, 0) AS tx, coalesce(b.rx, 0) AS rx
                FROM per_process p CROSS JOIN range({windows}) AS s(second)
                LEFT JOIN per_second b ON b.process_id = p.process_id AND b.second = s.second)
            SELECT p.pid, p.comm, p.tx_bytes, p.rx_bytes, max(e.tx)::BIGINT, max(e.rx)::BIGINT,
                   quantile_cont(e.tx, [0.5, 0.95, 0.99]), quantile_cont(e.rx, [0.5, 0.95, 0.99]), p.sockets
            FROM per_process p JOIN every_second e USING (process_id)
            GROUP BY p.process_id, p.pid, p.comm, p.tx_bytes, p.rx_bytes, p.sockets
            """);
    }

    /// <summary>What pnm report computed before percentiles: totals, peaks, sockets.</summary>
    public IReadOnlyList<Row> WithoutPercentiles(DuckDBConnection connection) => Read(connection, $"""
        {Common}
        SELECT p.pid, p.comm, p.tx_bytes, p.rx_bytes, max(b.tx)::BIGINT, max(b.rx)::BIGINT, NULL, NULL, p.sockets
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
                Percentiles(reader, 6), Percentiles(reader, 7), reader.GetInt64(8)));
        return rows;
    }

    private static double[] Percentiles(System.Data.Common.DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? [] : reader.GetFieldValue<List<double>>(column).ToArray();
}
