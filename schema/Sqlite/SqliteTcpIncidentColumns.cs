using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// What a SQLite recording holds of the timestamped TCP incidents and the flow-map losses: recordings made before
/// them have no tcp_incidents table and no recorder_stats.flow_updates_lost column, and read as none.
/// </summary>
internal sealed record SqliteTcpIncidentColumns(bool HasIncidentTable, string FlowUpdatesLost)
{
    public static SqliteTcpIncidentColumns Of(SqliteConnection connection)
    {
        bool table = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'tcp_incidents'") > 0;
        bool column = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM pragma_table_info('recorder_stats') WHERE name = 'flow_updates_lost'") > 0;
        return new SqliteTcpIncidentColumns(table, column ? "flow_updates_lost" : "0");
    }
}
