using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// Which of the tables and columns added after the first SQLite layout a recording has, read once when it is
/// opened. What a recording made before them lacks reads as none: no user names, no timestamped incidents,
/// no summarized I/O, 0 for the later recorder_stats counters.
/// </summary>
internal sealed record SqliteRecordingLayout(
    bool HasUserNames, bool HasTcpIncidents, bool HasSummarizedIo, bool HasFlowUpdatesLost, bool HasCallsSummarized)
{
    public static SqliteRecordingLayout Of(SqliteConnection connection)
    {
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToHashSet();
        var processColumns = ColumnsOf(connection, "processes");
        var statsColumns = ColumnsOf(connection, "recorder_stats");
        return new SqliteRecordingLayout(processColumns.Contains("user_name"), tables.Contains("tcp_incidents"),
            tables.Contains("summarized_io"), statsColumns.Contains("flow_updates_lost"), statsColumns.Contains("calls_summarized"));
    }

    /// <summary>What to select for processes.user_name: the column, or NULL.</summary>
    public string UserName => HasUserNames ? "user_name" : "NULL";
    /// <summary>What to select for recorder_stats.flow_updates_lost: the column, or 0.</summary>
    public string FlowUpdatesLost => HasFlowUpdatesLost ? "flow_updates_lost" : "0";
    /// <summary>What to select for recorder_stats.calls_summarized: the column, or 0.</summary>
    public string CallsSummarized => HasCallsSummarized ? "calls_summarized" : "0";

    private static HashSet<string> ColumnsOf(SqliteConnection connection, string table) =>
        connection.Query<string>($"SELECT name FROM pragma_table_info('{table}')").ToHashSet();
}
