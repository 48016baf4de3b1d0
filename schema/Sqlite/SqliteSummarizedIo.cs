using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// The summarized_io table and recorder_stats.calls_summarized (format version 2): what a recording made
/// before them lacks reads as none.
/// </summary>
internal static class SqliteSummarizedIo
{
    /// <summary>The column to select for recorder_stats.calls_summarized: 0 where the recording has none.</summary>
    public static string CallsSummarizedColumn(SqliteConnection connection) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pragma_table_info('recorder_stats') WHERE name = 'calls_summarized'") > 0
            ? "calls_summarized"
            : "0";

    public const string Insert = """
        INSERT INTO summarized_io (window_start_ns, window_end_ns, process_id, tid, socket_id, direction, bytes, calls)
        VALUES (@WindowStartNs, @WindowEndNs, @ProcessId, @Tid, @SocketId, @Direction, @Bytes, @Calls)
        """;

    public static IReadOnlyList<SummarizedIoRecord> Read(SqliteConnection connection, string path)
    {
        bool present = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'summarized_io'") > 0;
        if (!present)
            return [];
        var summaries = connection.Query<SummarizedIoRecord>("""
            SELECT window_start_ns AS WindowStartNs, window_end_ns AS WindowEndNs, process_id AS ProcessId, tid AS Tid,
                   socket_id AS SocketId, direction AS Direction, bytes AS Bytes, calls AS Calls
            FROM summarized_io ORDER BY window_start_ns, rowid
            """).AsList();
        if (summaries.Any(s => s.Direction is not (Direction.Tx or Direction.Rx)))
            throw new RecordingException($"{path} is corrupt: a summarized_io row holds a direction that is neither tx nor rx");
        return summaries;
    }
}
