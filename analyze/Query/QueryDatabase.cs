using Microsoft.Data.Sqlite;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// A recording opened for SQL that cannot change it: a SQLite recording itself, read-only; a segment
/// recording as a temporary SQLite copy, removed again on dispose.
/// </summary>
public sealed class QueryDatabase : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly TemporarySqliteCopy? copy;

    /// <summary>Damage stepped over while copying a segment recording: one line each, fit for the user.</summary>
    public IReadOnlyList<string> Warnings { get; }

    private QueryDatabase(SqliteConnection connection, TemporarySqliteCopy? copy, IReadOnlyList<string> warnings)
    {
        this.connection = connection;
        this.copy = copy;
        Warnings = warnings;
    }

    /// <param name="temporaryDirectory">Where a segment recording's copy goes; the system's ($TMPDIR) when null.</param>
    /// <exception cref="RecordingException">Not a readable recording.</exception>
    /// <exception cref="QueryException">A segment recording cannot be copied.</exception>
    public static QueryDatabase Open(string recordingPath, string? temporaryDirectory = null)
    {
        using var source = RecordingFile.Open(recordingPath);
        if (source is SqliteRecordingReader)
            return new QueryDatabase(ConnectReadOnly(recordingPath), copy: null, warnings: []);
        var copy = TemporarySqliteCopy.Of(source, temporaryDirectory ?? Path.GetTempPath());
        try
        {
            return new QueryDatabase(ConnectReadOnly(copy.Path), copy, [.. source.Warnings]);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <exception cref="QueryException">Not one valid SQL statement, or one that would write.</exception>
    public SqlQuery Prepare(string sql) => SqlQuery.Prepare(connection, sql);

    private static SqliteConnection ConnectReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA query_only = ON";
            command.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new RecordingException($"cannot read {path}: {e.Message.Split('\n')[0]}", e);
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        copy?.Dispose();
    }
}
