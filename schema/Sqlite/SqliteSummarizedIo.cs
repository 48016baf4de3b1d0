using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>The summarized_io table (format version 2); <see cref="SqliteRecordingLayout"/> says whether a recording has it.</summary>
internal static class SqliteSummarizedIo
{
    public const string Insert = """
        INSERT INTO summarized_io (window_start_ns, window_end_ns, process_id, tid, socket_id, direction, bytes, calls)
        VALUES (@WindowStartNs, @WindowEndNs, @ProcessId, @Tid, @SocketId, @Direction, @Bytes, @Calls)
        """;

    /// <param name="where">A condition on the rows, whose parameters <paramref name="parameters"/> holds.</param>
    public static IReadOnlyList<SummarizedIoRecord> Read(SqliteConnection connection, string path, string where, SeriesRange parameters)
    {
        var summaries = connection.Query<SummarizedIoRecord>($"""
            SELECT window_start_ns AS WindowStartNs, window_end_ns AS WindowEndNs, process_id AS ProcessId, tid AS Tid,
                   socket_id AS SocketId, direction AS Direction, bytes AS Bytes, calls AS Calls
            FROM summarized_io WHERE {where} ORDER BY window_start_ns, rowid
            """, parameters).ToList();
        if (summaries.Any(s => s.Direction is not (Direction.Tx or Direction.Rx)))
            throw new RecordingException($"{path} is corrupt: a summarized_io row holds a direction that is neither tx nor rx");
        return summaries;
    }
}
