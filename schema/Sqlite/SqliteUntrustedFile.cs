using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// A SQLite recording is untrusted input: it may come from anywhere. Reading one for analysis runs
/// none of the SQL it carries. Every table the reader names must be an ordinary table (a view, a
/// virtual table or a computed column would run the file's SQL on a read); triggers never fire on a
/// read-only connection and are only reported; schema SQL may call no function with side effects
/// (trusted_schema off); and no string or blob may be larger than <see cref="MaxValueBytes"/>.
/// Only `pnm query` runs SQL over a recording, and only what the user wrote.
/// </summary>
internal static class SqliteUntrustedFile
{
    /// <summary>Far above any command line /proc can hand the recorder; a larger value is refused as "too big".</summary>
    public const int MaxValueBytes = 16 << 20;

    /// <summary>Every table a recording may have; the reader reads no other.</summary>
    public static readonly IReadOnlyList<string> RecordingTables =
        ["recording", "processes", "sockets", "events", "losses", "interfaces", "packet_flows", "recorder_stats", "tcp_incidents", "summarized_io"];

    /// <summary>Applied to every connection that reads a recording, before its first statement.</summary>
    public static void Harden(SqliteConnection connection) => Harden(connection.Handle!);

    /// <summary>The same for a connection opened through SQLite's own API (the event scan's reading threads).</summary>
    public static void Harden(sqlite3 connection)
    {
        raw.sqlite3_limit(connection, raw.SQLITE_LIMIT_LENGTH, MaxValueBytes);
        int result = raw.sqlite3_exec(connection, "PRAGMA trusted_schema = OFF");
        if (result != raw.SQLITE_OK)
            throw new RecordingException($"cannot read the recording safely: {raw.sqlite3_errstr(result).utf8_to_string()}");
    }

    /// <summary>Refuses a recording whose tables are not plain tables.</summary>
    public static void RequirePlainTables(SqliteConnection connection, string path)
    {
        var objects = connection.Query<SchemaObject>(
            "SELECT name AS Name, type AS Type, sql AS Sql FROM sqlite_master WHERE type IN ('table', 'view')").ToList();
        foreach (var (name, type, sql) in objects.Where(o => RecordingTables.Contains(o.Name)))
        {
            if (type != "table")
                throw Refused(path, $"{name} is a {type}, not a table");
            if (sql is not null && sql.TrimStart().StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase))
                throw Refused(path, $"{name} is a virtual table");
            // hidden: 2 a virtual (computed on read) column, 3 a stored one; 1 a virtual table's hidden column.
            string? computed = connection.QueryFirstOrDefault<string>($"SELECT name FROM pragma_table_xinfo('{name}') WHERE hidden <> 0");
            if (computed is not null)
                throw Refused(path, $"{name}.{computed} is a computed column");
        }
    }

    /// <summary>One warning when the file holds triggers: they are never run, but the file was not written by pnm as it is.</summary>
    public static IReadOnlyList<string> Warnings(SqliteConnection connection, string path)
    {
        var triggers = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").ToList();
        return triggers.Count == 0 ? [] : [$"{path} holds triggers pnm never writes ({string.Join(", ", triggers)}): ignored, never run"];
    }

    private static RecordingException Refused(string path, string what) =>
        new($"{path} is not a recording pnm wrote: {what}; pnm reads only tables (pnm query runs SQL you write)");

    // Dapper binds its build-time generated readers to named types, not to tuples.
    internal readonly record struct SchemaObject(string Name, string Type, string? Sql);
}
